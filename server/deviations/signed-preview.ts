import { previewBlocksCompletion, previewWarnings, signatureOf } from "../operations/signing.ts";
import { availablePreview } from "../operations/views.ts";
import { after, instead } from "./hooks.ts";

/** A copy of an object without the named members. */
function without(value: Record<string, unknown>, ...members: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !members.includes(key)));
}

/** The overrides of the faults in the preview of signed content and in what complete makes of its warnings. */
export const signedPreviewHooks = {
  // Signed content previewed as if unsigned: the warnings stay, the certificate is not shown.
  "preview-signed-certificate-withheld": after(availablePreview, (preview) =>
    without(preview, "certificate_info", "cert_chain"),
  ),
  "preview-certificate-without-self-signed": after(availablePreview, (preview) => {
    const info = preview.certificate_info;
    if (typeof info !== "object" || info === null) return preview;
    return { ...preview, certificate_info: without(info as Record<string, unknown>, "self_signed") };
  }),
  "preview-warning-without-ignored": after(availablePreview, (preview) =>
    Array.isArray(preview.warnings)
      ? {
          ...preview,
          warnings: preview.warnings.map((warning: Record<string, unknown>) => without(warning, "ignored")),
        }
      : preview,
  ),
  // The chain as PEM text (armour and line breaks) rather than base64.
  "preview-cert-chain-pem": after(availablePreview, (preview, _context, session) => {
    const signature = signatureOf(session);
    return signature === undefined ? preview : { ...preview, cert_chain: [signature.certificate.toString()] };
  }),
  "complete-ignores-preview-warnings": instead(previewBlocksCompletion, () => undefined),
  // A raised warning fails the session whether or not warning_behavior ignores it.
  "ignored-warning-still-fails": after(previewBlocksCompletion, (blocked, context, session) => {
    if (blocked !== undefined) return blocked;
    const signature = signatureOf(session);
    const raised = signature === undefined ? [] : previewWarnings(context, session, signature.certificate);
    if (raised.length === 0) return undefined;
    return {
      id: "usc.reference.update_session.preview_warnings",
      default_message: `The update session ${session.id} failed: the preview raised ${raised.map((warning) => warning.type).join(", ")}.`,
      args: [session.id],
    };
  }),
} as const;
