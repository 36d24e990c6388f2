import { defineSuiteCatalogue } from "./registry.ts";

export const previewCatalogue = defineSuiteCatalogue({
  suite: "preview",
  description:
    "preview_info: UNAVAILABLE without metadata files, absent outside ACTIVE, NOT_APPLICABLE after complete, OVF descriptors.",
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
  ],
});
