import { X509Certificate } from "node:crypto";
import type { PreviewCheckId } from "../../src/catalogue/preview.checks.ts";
import type { CheckContext } from "../../src/checks/check-context.ts";
import type { SuiteBuilder } from "../../src/checks/suite.ts";
import type { SuiteEnvironment } from "../../src/checks/suite-environment.ts";
import { newOvfItem, signedOvf, type SignedOvf } from "../../fixtures/ovf.ts";
import { runCertificate } from "../../fixtures/signing-certificate.ts";
import { sleep } from "../support/sessions.ts";
import { addAndUpload, createSession, readSessionInAnyState, sessionParams } from "../support/steps.ts";
import { previewOf, settleMs, waitForPreview } from "./read-preview.ts";

const warningTypes = [
  "SELF_SIGNED_CERTIFICATE",
  "EXPIRED_CERTIFICATE",
  "NOT_YET_VALID_CERTIFICATE",
  "UNTRUSTED_CERTIFICATE",
];

interface SignedSession {
  sessionId: string;
  package: SignedOvf;
  preview: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Base64 (line breaks allowed, no PEM armour): what "Certificate chain in base64 format" holds. A PEM
 * block is text around base64, not base64.
 */
function isBase64(text: string): boolean {
  const bare = text.replace(/\s+/g, "");
  return bare.length > 0 && bare.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(bare);
}

/**
 * Uploads a signed OVF package (manifest and certificate first, then the descriptor) into a new session
 * on a new OVF item and waits for its preview. A target whose preview does not become AVAILABLE does not
 * offer a preview of signed content, a MAY: the check skips, whatever its own level.
 */
async function signedSession(
  t: CheckContext,
  env: SuiteEnvironment,
  purpose: string,
): Promise<SignedSession> {
  const sessionId = await createSession(t, env, await newOvfItem(t, env, purpose));
  const signed = signedOvf(`signed-${purpose}`, await runCertificate());
  for (const file of signed.files) await addAndUpload(t, sessionId, file.name, file.text);
  const model = await waitForPreview(t, sessionId);
  const preview = previewOf(model);
  if (preview?.state !== "AVAILABLE")
    t.skip(
      `the preview of a signed OVF package is ${preview === undefined ? "absent" : String(preview.state)} once its files are uploaded: the target offers no preview of signed content`,
    );
  return { sessionId, package: signed, preview };
}

/** The preview's warnings; a session whose preview raises none skips (nothing to judge). */
function raisedWarnings(t: CheckContext, preview: Record<string, unknown>): unknown[] {
  const warnings = preview.warnings;
  if (warnings === undefined || (Array.isArray(warnings) && warnings.length === 0))
    t.skip("the preview raises no warning for content signed with a self-signed certificate");
  t.expectThat(Array.isArray(warnings), "preview_info.warnings", "an array", JSON.stringify(warnings));
  return warnings as unknown[];
}

/** Reads the session after complete until it leaves ACTIVE or the time is up. */
async function stateAfterComplete(t: CheckContext, sessionId: string): Promise<Record<string, unknown>> {
  let model = await readSessionInAnyState(t, sessionId, "get of the session after complete");
  for (const deadline = Date.now() + settleMs; model.state === "ACTIVE" && Date.now() < deadline;) {
    await sleep(250);
    model = await readSessionInAnyState(t, sessionId, "get of the session after complete");
  }
  return model;
}

/** Signed OVF content: what the preview shows of its certificate and warnings, and what complete does. */
export function defineSignedPreviewChecks({ check, env }: SuiteBuilder<PreviewCheckId>): void {
  // The signing key is generated on the thread pool from now on, while the suite's first checks run.
  void runCertificate();
  check("preview.signed.details-when-available", async (t) => {
    const { preview } = await signedSession(t, env, "details");
    // A preview that shows no certificate and raises no warning reads no signatures at all (a MAY): it
    // treats the package as unsigned. One that warns about the certificate has read it, and then
    // "this field is unset if the update session content is not signed" holds it to showing it.
    const warnings = Array.isArray(preview.warnings) ? preview.warnings : [];
    if (!isObject(preview.certificate_info) && warnings.length === 0)
      t.skip(
        "the AVAILABLE preview of signed content shows no certificate and no warning: the target reads no signatures",
      );
    t.expectThat(
      isObject(preview.certificate_info),
      "preview_info of signed content once AVAILABLE",
      "a certificate_info beside the warnings about it (it is unset only for content that is not signed)",
      JSON.stringify(preview),
    );
  });

  check("preview.signed.certificate-info", async (t) => {
    const { preview } = await signedSession(t, env, "certificate");
    const info = preview.certificate_info;
    if (info === undefined || info === null)
      t.skip("the AVAILABLE preview of signed content carries no certificate_info to check the members of");
    t.expectThat(isObject(info), "preview_info.certificate_info", "an object", JSON.stringify(info));
    const certificate = info as Record<string, unknown>;
    for (const member of ["issuer", "subject", "x509"])
      t.expectThat(
        typeof certificate[member] === "string" && certificate[member] !== "",
        `certificate_info.${member}`,
        "a non-empty string (required)",
        JSON.stringify(certificate[member]) ?? "absent",
      );
    t.expectEqual(certificate.self_signed, true, "certificate_info.self_signed of a self-signed certificate");
  });

  check("preview.signed.warning-members", async (t) => {
    const { preview } = await signedSession(t, env, "warnings");
    for (const [index, warning] of raisedWarnings(t, preview).entries()) {
      const what = `preview_info.warnings[${index}]`;
      t.expectThat(isObject(warning), what, "an object", JSON.stringify(warning));
      const { type, message, ignored } = warning as Record<string, unknown>;
      t.expectThat(
        typeof type === "string" && warningTypes.includes(type),
        `${what}.type`,
        `one of ${warningTypes.join(", ")} (required)`,
        JSON.stringify(type) ?? "absent",
      );
      t.expectThat(
        isObject(message) && typeof message.id === "string" && typeof message.default_message === "string",
        `${what}.message`,
        "a LocalizableMessage with id and default_message (required)",
        JSON.stringify(message) ?? "absent",
      );
      t.expectThat(
        typeof ignored === "boolean",
        `${what}.ignored`,
        "a boolean (required)",
        JSON.stringify(ignored) ?? "absent",
      );
    }
  });

  check("preview.signed.cert-chain", async (t) => {
    const { preview, package: signed } = await signedSession(t, env, "chain");
    const chain = preview.cert_chain;
    if (chain === undefined || chain === null)
      t.skip("the preview of signed content carries no cert_chain (a member of newer versions)");
    t.expectThat(
      Array.isArray(chain) && chain.every((entry) => typeof entry === "string" && isBase64(entry)),
      "preview_info.cert_chain",
      "an array of base64 strings",
      JSON.stringify(chain),
    );
    const signing = new X509Certificate(signed.certificate.der);
    const holdsSigner = (chain as string[]).some((entry) => {
      try {
        return new X509Certificate(Buffer.from(entry, "base64")).fingerprint256 === signing.fingerprint256;
      } catch {
        return false;
      }
    });
    t.expectThat(
      holdsSigner,
      "preview_info.cert_chain",
      `base64 DER certificates, one of them the signing certificate (${signed.certificate.name})`,
      JSON.stringify(chain),
    );
  });

  check("preview.signed.unignored-warning-fails-complete", async (t) => {
    const { sessionId, preview } = await signedSession(t, env, "unignored");
    const pending = raisedWarnings(t, preview).filter(
      (warning) => isObject(warning) && warning.ignored !== true,
    );
    if (pending.length === 0)
      t.skip(
        "every warning the preview raises is already ignored, though the client set no warning_behavior",
      );
    const completed = await t.call("updateSession.complete", sessionParams(sessionId));
    // complete's documented errors name no warning; a refusal must at least be its documented type.
    if (!completed.success && completed.errorType !== "not_allowed_in_current_state")
      t.expectSuccess(completed, "complete with a preview warning not ignored");
    const model = await stateAfterComplete(t, sessionId);
    if (model.state === "ACTIVE" && !completed.success)
      t.warn(
        "complete with a preview warning not ignored was refused and the session stays ACTIVE",
        "the session failed (ERROR): a warning not ignored fails the update session during complete",
        `${completed.status} ${completed.errorType ?? ""}; session ACTIVE`,
      );
    t.expectEqual(model.state, "ERROR", "session state after complete with a preview warning not ignored");
  });

  check("preview.signed.ignored-warning-completes", async (t) => {
    const { sessionId, preview } = await signedSession(t, env, "ignored");
    const types = raisedWarnings(t, preview).flatMap((warning) =>
      isObject(warning) && typeof warning.type === "string" ? [warning.type] : [],
    );
    const behavior = [...new Set(types)].map((type) => ({ type, ignored: true }));
    t.expectSuccess(
      await t.call("updateSession.update", {
        ...sessionParams(sessionId),
        body: { warning_behavior: behavior },
      }),
      "update ignoring every raised warning type",
    );
    t.expectSuccess(
      await t.call("updateSession.complete", sessionParams(sessionId)),
      "complete with every raised warning ignored",
    );
    const model = await stateAfterComplete(t, sessionId);
    t.expectEqual(model.state, "DONE", "session state after complete with every raised warning ignored");
  });
}
