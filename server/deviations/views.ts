import {
  addedMetadata,
  availablePreview,
  previewInfo,
  updateSessionView,
  validationResultView,
} from "../operations/views.ts";
import { after, around } from "./hooks.ts";

/** The overrides of the faults in what get and validate show: session members, preview_info, validation. */

/**
 * The expiration-offset-layout fault: the same instant at +02:00 and without milliseconds
 * (2024-05-01T14:00:00+02:00), valid RFC 3339 but not the vAPI layout.
 */
function withOffsetWithoutMillis(instant: string): string {
  const shifted = new Date(Date.parse(instant) + 2 * 3600_000).toISOString();
  return `${shifted.slice(0, 19)}+02:00`;
}

export const viewHooks = {
  // The same instant as a local time: no Z, no offset.
  "expiration-no-zone": after(updateSessionView, (view) => {
    if (typeof view.expiration_time === "string")
      view.expiration_time = view.expiration_time.replace(/Z$/, "");
    return view;
  }),
  "expiration-offset-layout": after(updateSessionView, (view) => {
    if (typeof view.expiration_time === "string")
      view.expiration_time = withOffsetWithoutMillis(view.expiration_time);
    return view;
  }),
  "get-id-of-item": after(updateSessionView, (view, _context, session) => {
    view.id = session.itemId;
    return view;
  }),
  "progress-missing": after(updateSessionView, (view) => {
    delete view.client_progress;
    return view;
  }),
  // A session nothing was added to yet is shown DONE, though it is ACTIVE.
  "new-session-not-active": after(updateSessionView, (view, _context, session) => {
    if (session.state === "ACTIVE" && session.files.size === 0) view.state = "DONE";
    return view;
  }),
  "expiration-missing": after(updateSessionView, (view) => {
    delete view.expiration_time;
    return view;
  }),

  // An ended session keeps the preview it would have while ACTIVE (never NOT_APPLICABLE).
  "preview-outside-active": around(previewInfo, (next, context, session) =>
    session.state === "ACTIVE"
      ? next(context, session)
      : next(context, session.seenAs({ state: "ACTIVE", completionRequested: false })),
  ),
  "preview-without-metadata": after(previewInfo, (preview, _context, session) =>
    preview !== undefined && addedMetadata(session).length === 0
      ? { state: "AVAILABLE", warnings: [] }
      : preview,
  ),
  "preview-unavailable-while-completing": after(previewInfo, (preview) =>
    preview?.state === "NOT_APPLICABLE" ? { state: "UNAVAILABLE" } : preview,
  ),
  "preview-skips-preparing": after(previewInfo, (preview, context, session) =>
    preview?.state === "PREPARING" ? availablePreview(context, session) : preview,
  ),
  "preview-unsigned-certificate": after(availablePreview, (preview) => ({
    ...preview,
    certificate_info: {
      issuer: "/C=US/O=Unsigned Content",
      subject: "/C=US/O=Unsigned Content",
      self_signed: true,
      x509: "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----",
    },
  })),

  // validate-ignores-references: a file an OVF descriptor references but the session never had is not reported.
  "validate-ignores-references": after(validationResultView, (result, _context, session) => {
    const missing = result.missing_files.filter((name) => session.files.has(name));
    return {
      ...result,
      missing_files: missing,
      has_errors: missing.length + result.invalid_files.length > 0,
    };
  }),
  "validate-ignores-missing": after(validationResultView, (result) => ({
    ...result,
    missing_files: [],
    has_errors: result.invalid_files.length > 0,
  })),
  // Files received with the wrong size or checksum are listed as missing.
  "validate-mismatch-as-missing": after(validationResultView, (result) => ({
    has_errors: result.has_errors,
    missing_files: [...result.missing_files, ...result.invalid_files.map((file) => file.name)],
    invalid_files: [],
  })),
  "validate-always-errors": after(validationResultView, (result) => ({ ...result, has_errors: true })),
  // The expiry formatted from the wall clock of a host five hours behind UTC, with a Z it does not have.
  "expiration-local-time": after(updateSessionView, (view) => {
    if (typeof view.expiration_time === "string")
      view.expiration_time = new Date(Date.parse(view.expiration_time) - 5 * 3600_000).toISOString();
    return view;
  }),
  "content-version-next": after(updateSessionView, (view) => {
    view.library_item_content_version = String(Number(view.library_item_content_version) + 1);
    return view;
  }),
  "get-library-id-as-item": after(updateSessionView, (view, context, session) => {
    view.library_item_id = context.store.items.get(session.itemId)?.libraryId ?? session.itemId;
    return view;
  }),
  // has_errors stays true; the names that say why are left out.
  "validate-lists-nothing": after(validationResultView, (result) => ({
    ...result,
    missing_files: [],
    invalid_files: [],
  })),
  "preview-state-lower-case": after(previewInfo, (preview) =>
    preview === undefined ? preview : { ...preview, state: String(preview.state).toLowerCase() },
  ),
  "warning-type-lower-case": after(updateSessionView, (view) => {
    if (Array.isArray(view.warning_behavior))
      view.warning_behavior = view.warning_behavior.map((entry: { type: string; ignored: boolean }) => ({
        ...entry,
        type: entry.type.toLowerCase(),
      }));
    return view;
  }),
  "state-lower-case": after(updateSessionView, (view) => {
    view.state = String(view.state).toLowerCase();
    return view;
  }),
} as const;
