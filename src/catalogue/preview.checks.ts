import { defineSuiteCatalogue, type CheckIdOf } from "./registry.ts";

export const previewCatalogue = defineSuiteCatalogue({
  suite: "preview",
  description:
    "preview_info: UNAVAILABLE without metadata files, absent outside ACTIVE, NOT_APPLICABLE after complete, OVF descriptors, signed OVF content (certificate, warnings, complete).",
  checks: [
    {
      id: "preview.unavailable.without-metadata",
      title: "a session without files, or with a plain file only, has no preview_info or an UNAVAILABLE one",
      level: "MUST",
      requirements: ["preview.unavailable-without-metadata"],
    },
    {
      id: "preview.absent-outside-active",
      title: "DONE, CANCELED and ERROR sessions carry no preview_info",
      level: "MUST",
      requirements: ["preview.active-only", "get.any-state"],
    },
    {
      id: "preview.not-applicable.after-complete",
      title:
        "after complete of a session without metadata files (a PULL transfer still running), its preview_info is NOT_APPLICABLE; absent once the session left ACTIVE",
      level: "SHOULD",
      requirements: ["preview.not-applicable-on-complete", "get.any-state"],
    },
    {
      id: "preview.ovf.preparing-then-available",
      title: "an added OVF descriptor makes the preview PREPARING until uploaded and AVAILABLE after",
      level: "MAY",
      requirements: ["preview.preparing-and-available"],
    },
    {
      id: "preview.ovf.unsigned-no-certificate",
      title: "the preview of an unsigned OVF descriptor carries no certificate_info",
      level: "MUST",
      requirements: ["preview.certificate-unset-if-unsigned"],
    },
    // Signed content: an OVF package whose manifest is signed with a certificate made for the run, which is
    // self-signed. A target whose preview of it never becomes AVAILABLE does not offer the feature: skip.
    {
      id: "preview.signed.details-when-available",
      title:
        "an AVAILABLE preview of signed OVF content that raises warnings about its certificate also carries certificate_info",
      level: "MAY",
      requirements: ["preview.details-when-available"],
    },
    {
      id: "preview.signed.certificate-info",
      title:
        "the certificate_info of self-signed OVF content has issuer, subject and x509 strings and self_signed true",
      level: "MUST",
      requirements: ["preview.certificate-info.members"],
    },
    {
      id: "preview.signed.warning-members",
      title:
        "each preview warning of self-signed OVF content has a WarningType type, a message and a boolean ignored",
      level: "MUST",
      requirements: ["preview.warning.members"],
    },
    {
      id: "preview.signed.cert-chain",
      title:
        "a cert_chain, when sent, is an array of base64 DER certificates holding the one that signed the content",
      level: "MAY",
      requirements: ["preview.cert-chain"],
    },
    {
      id: "preview.signed.unignored-warning-fails-complete",
      title:
        "complete of signed OVF content with a preview warning the client did not ignore ends the session in ERROR, not DONE",
      level: "MUST",
      requirements: ["preview.unignored-warning-fails-complete", "get.any-state"],
    },
    {
      id: "preview.signed.ignored-warning-completes",
      title:
        "with every raised warning type ignored through update (warning_behavior), complete ends the session DONE",
      level: "MAY",
      requirements: ["preview.ignored-warning-completes", "get.any-state"],
    },
  ],
});

/** The preview suite's check ids: its body is spread over suites/preview/, each part typed by these. */
export type PreviewCheckId = CheckIdOf<typeof previewCatalogue>;
