import { X509Certificate, verify } from "node:crypto";
import { warningTypes, type LocalizableMessage, type WarningType } from "../state/model.ts";
import { type SessionFile, type UpdateSession } from "../state/session-records.ts";
import type { StateContext } from "./context.ts";
import { overridable } from "./overridable.ts";

/**
 * Signed OVF content, as `ovftool` signs it: a `<name>.cert` file holding `<ALG>(<manifest>)= <hex>`, the
 * signature of the manifest's bytes, followed by the PEM certificate whose key made it. The preview shows
 * that certificate and raises a warning per problem with it; complete fails the session while a warning
 * is not ignored.
 */
export interface Signature {
  readonly certificate: X509Certificate;
  /** Whether the signature verifies against the manifest the certificate file names. */
  readonly verified: boolean;
}

/** The digest names a signature line may use, as Node's crypto spells them. */
const digests: Record<string, string> = { SHA1: "sha1", SHA256: "sha256", SHA512: "sha512" };

function received(session: UpdateSession, pattern: RegExp): SessionFile | undefined {
  return [...session.files.values()].find(
    (file) => file.sourceType !== "NONE" && file.status === "READY" && pattern.test(file.name),
  );
}

/**
 * Parsing a certificate and checking an RSA signature cost tens of microseconds each, and a signed
 * session's preview is worked out again at every read of the session: the outcomes are kept per PEM
 * (and per signature and manifest), a few dozen at most, which is all one run signs.
 */
const remembered = {
  certificates: new Map<string, X509Certificate | null>(),
  verdicts: new Map<string, boolean>(),
};
const rememberedLimit = 64;

function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  if (cache.has(key)) return cache.get(key) as V;
  const value = make();
  if (cache.size >= rememberedLimit) cache.clear();
  cache.set(key, value);
  return value;
}

function parsedCertificate(pem: string): X509Certificate | null {
  return remember(remembered.certificates, pem, () => {
    try {
      return new X509Certificate(pem);
    } catch {
      return null;
    }
  });
}

/** The session's signature, or undefined for content that is not signed (no readable certificate file). */
export function signatureOf(session: UpdateSession): Signature | undefined {
  const text = received(session, /\.cert$/i)?.text;
  if (text === undefined) return undefined;
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text)?.[0];
  if (pem === undefined) return undefined;
  const certificate = parsedCertificate(pem);
  if (certificate === null) return undefined;
  const line = /^(SHA1|SHA256|SHA512)\((.+)\)= *([0-9a-fA-F]+)\s*$/m.exec(text);
  const manifest = line === null ? undefined : session.files.get(line[2] ?? "");
  const digest = digests[line?.[1] ?? ""];
  const manifestText = manifest?.status === "READY" ? manifest.text : undefined;
  const signatureHex = line?.[3] ?? "";
  const verified =
    manifestText !== undefined &&
    digest !== undefined &&
    remember(remembered.verdicts, [digest, signatureHex, pem, manifestText].join("\u0000"), () =>
      verify(
        digest,
        Buffer.from(manifestText, "utf8"),
        certificate.publicKey,
        Buffer.from(signatureHex, "hex"),
      ),
    );
  return { certificate, verified };
}

/** Node prints a name one attribute a line; the documents show `/C=US/ST=California/...`. */
function slashName(name: string): string {
  return name
    .split("\n")
    .filter((part) => part !== "")
    .map((part) => `/${part}`)
    .join("");
}

const selfSignedVerdicts = new WeakMap<X509Certificate, boolean>();

export function selfSigned(certificate: X509Certificate): boolean {
  let verdict = selfSignedVerdicts.get(certificate);
  if (verdict === undefined) {
    verdict = certificate.checkIssued(certificate) && certificate.verify(certificate.publicKey);
    selfSignedVerdicts.set(certificate, verdict);
  }
  return verdict;
}

export function certificateInfo(certificate: X509Certificate): Record<string, unknown> {
  return {
    issuer: slashName(certificate.issuer),
    subject: slashName(certificate.subject),
    self_signed: selfSigned(certificate),
    x509: certificate.toString(),
  };
}

/** The warning types a certificate raises; this server trusts no authority, so any other issuer is untrusted. */
export function raisedWarningTypes(context: StateContext, certificate: X509Certificate): WarningType[] {
  const now = context.store.now();
  const raised = new Set<WarningType>();
  raised.add(selfSigned(certificate) ? "SELF_SIGNED_CERTIFICATE" : "UNTRUSTED_CERTIFICATE");
  if (Date.parse(certificate.validTo) < now) raised.add("EXPIRED_CERTIFICATE");
  if (Date.parse(certificate.validFrom) > now) raised.add("NOT_YET_VALID_CERTIFICATE");
  return warningTypes.filter((type) => raised.has(type));
}

const warningTexts: Record<WarningType, string> = {
  SELF_SIGNED_CERTIFICATE: "is self-signed",
  EXPIRED_CERTIFICATE: "has expired",
  NOT_YET_VALID_CERTIFICATE: "is not yet valid",
  UNTRUSTED_CERTIFICATE: "is not trusted",
};

export interface PreviewWarning {
  type: WarningType;
  message: LocalizableMessage;
  ignored: boolean;
}

/** The preview's warnings, each ignored when the session's warning_behavior says so for its type. */
export function previewWarnings(
  context: StateContext,
  session: UpdateSession,
  certificate: X509Certificate,
): PreviewWarning[] {
  const subject = slashName(certificate.subject);
  return raisedWarningTypes(context, certificate).map((type) => ({
    type,
    message: {
      id: `usc.reference.preview.${type.toLowerCase()}`,
      default_message: `The certificate that signed the content (${subject}) ${warningTexts[type]}.`,
      args: [subject],
    },
    ignored: session.warningBehavior.some((behavior) => behavior.type === type && behavior.ignored),
  }));
}

/**
 * Why complete fails the session instead of applying it: a preview warning the client did not ignore
 * ("will, by default, fail the update session during session complete"), or a signature that does not
 * verify. undefined when the content may be applied.
 */
export const previewBlocksCompletion = overridable(
  "updateSession.complete:preview-warnings",
  (context: StateContext, session: UpdateSession): LocalizableMessage | undefined => {
    const signature = signatureOf(session);
    if (signature === undefined) return undefined;
    if (!signature.verified)
      return {
        id: "usc.reference.update_session.signature_invalid",
        default_message: `The update session ${session.id} failed: the signature of its manifest does not verify with the certificate it carries.`,
        args: [session.id],
      };
    const pending = previewWarnings(context, session, signature.certificate)
      .filter((warning) => !warning.ignored)
      .map((warning) => warning.type);
    if (pending.length === 0) return undefined;
    return {
      id: "usc.reference.update_session.preview_warnings",
      default_message: `The update session ${session.id} failed: these preview warnings were not ignored: ${pending.join(", ")}.`,
      args: [session.id, pending.join(",")],
    };
  },
);
