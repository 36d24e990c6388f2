import { keptJson } from "../json-text.ts";
import { formatDateTime } from "../state/clock.ts";
import type { ApiSession, Datastore, Item, ItemFile, Library, LocalizableMessage } from "../state/model.ts";
import type { SessionFile, UpdateSession } from "../state/session-records.ts";
import type { StateContext } from "./context.ts";
import { overridable } from "./overridable.ts";
import { certificateInfo, previewWarnings, signatureOf } from "./signing.ts";

/** What file validate answers. */
export interface ValidationResult {
  has_errors: boolean;
  missing_files: string[];
  invalid_files: Array<{ name: string; error_message: LocalizableMessage }>;
}

/**
 * The JSON the operations return, with the documents' member names. Dialect-neutral: the server emits no
 * maps, so the only wire differences left (wrapping, status codes) belong to the dialects.
 */

/** Files whose arrival lets the server prepare a preview (OVF descriptor, manifest, signing certificate). */
export function isMetadataFile(name: string): boolean {
  return /\.(ovf|mf|cert)$/i.test(name);
}

/** Manifests and certificates are read during the import and not kept as item files (keep_in_storage false). */
export function keepsInStorage(name: string): boolean {
  return !/\.(mf|cert)$/i.test(name);
}

/**
 * The preview of content ready for import. Unsigned content has nothing to warn about and no certificate
 * to show; signed content shows its certificate (also as cert_chain, base64 DER) and the warnings it raises.
 */
export const availablePreview = overridable(
  "updateSession.get:preview-available",
  (context: StateContext, session: UpdateSession): Record<string, unknown> => {
    const signature = signatureOf(session);
    if (signature === undefined) return { state: "AVAILABLE", warnings: [] };
    const { certificate } = signature;
    return {
      state: "AVAILABLE",
      certificate_info: certificateInfo(certificate),
      warnings: previewWarnings(context, session, certificate),
      cert_chain: [certificate.raw.toString("base64")],
    };
  },
);

/** The metadata files (descriptor, manifest, certificate) the client added to the session. */
export function addedMetadata(session: UpdateSession): SessionFile[] {
  return [...session.files.values()].filter(
    (file) => file.sourceType !== "NONE" && isMetadataFile(file.name),
  );
}

/**
 * preview_info is documented as set only while the session is ACTIVE. NOT_APPLICABLE ("no metadata files
 * and the user invoked complete") is therefore visible only while a completion waits for PULL transfers.
 */
export const previewInfo = overridable(
  "updateSession.get:preview",
  (context: StateContext, session: UpdateSession): Record<string, unknown> | undefined => {
    if (session.state !== "ACTIVE") return undefined;
    const metadata = addedMetadata(session);
    if (metadata.length === 0)
      return { state: session.completionRequested ? "NOT_APPLICABLE" : "UNAVAILABLE" };
    if (metadata.some((file) => file.status !== "READY")) return { state: "PREPARING" };
    return availablePreview(context, session);
  },
);

export const updateSessionView = overridable(
  "updateSession.get:view",
  (context: StateContext, session: UpdateSession): Record<string, unknown> => {
    // Built member by member rather than with spreads: every get answers one of these, in this member order.
    const view: Record<string, unknown> = {
      id: session.id,
      library_item_id: session.itemId,
      library_item_content_version: String(session.itemContentVersion),
      client_progress: session.clientProgress,
      state: session.state,
      expiration_time: formatDateTime(context.store.expirationOf(session)),
    };
    if (session.errorMessage !== undefined) view.error_message = session.errorMessage;
    const preview = previewInfo(context, session);
    if (preview !== undefined) view.preview_info = preview;
    view.warning_behavior = session.warningBehavior.map((behavior) => ({ ...behavior }));
    return view;
  },
);

/** The last view of each session answered by a server without overrides, and the session's revision then. */
const keptViews = new WeakMap<UpdateSession, { revision: number; view: Record<string, unknown> }>();

/**
 * The session's view, kept (frozen, its JSON bytes with it: server/json-text.ts) while the session's
 * revision stands, for a server without overrides: its members all come from the session's record and
 * its files' records, and every change of those counts (server/state/model.ts). A view whose making read
 * the clock (a certificate's validity) is not kept: it may change with time alone.
 */
export function keptUpdateSessionView(
  context: StateContext,
  session: UpdateSession,
): Record<string, unknown> {
  const revision = session.revision;
  const kept = keptViews.get(session);
  if (kept !== undefined && kept.revision === revision) return kept.view;
  const readings = context.store.clockReadings;
  const view = updateSessionView(context, session);
  if (context.store.clockReadings === readings) keptViews.set(session, { revision, view: keptJson(view) });
  return view;
}

function optional(key: string, value: unknown): Record<string, unknown> {
  return value === undefined ? {} : { [key]: value };
}

function endpoint(uri: string, thumbprint: string | undefined): object {
  return { uri, ...optional("ssl_certificate_thumbprint", thumbprint) };
}

export function sessionFileView(
  file: SessionFile,
  tlsThumbprint: string | undefined,
): Record<string, unknown> {
  const checksum =
    file.declaredChecksum ??
    (file.status === "READY" && file.sha1 !== undefined
      ? { algorithm: "SHA1", checksum: file.sha1 }
      : undefined);
  return {
    name: file.name,
    source_type: file.sourceType,
    ...optional("size", file.status === "READY" ? file.size : undefined),
    ...optional("checksum_info", checksum),
    ...optional(
      "source_endpoint",
      file.sourceEndpoint && endpoint(file.sourceEndpoint.uri, file.sourceEndpoint.sslCertificateThumbprint),
    ),
    ...optional("upload_endpoint", file.uploadUri && endpoint(file.uploadUri, tlsThumbprint)),
    bytes_transferred: file.bytesTransferred,
    status: file.status,
    ...optional("error_message", file.errorMessage),
    keep_in_storage: file.sourceType === "NONE" || keepsInStorage(file.name),
  };
}

export const validationResultView = overridable(
  "updateSession.file.validate:result",
  (_context: StateContext, session: UpdateSession): ValidationResult => {
    const files = [...session.files.values()];
    // A file a received OVF descriptor references but the session never had (neither the item's nor added).
    const referencedAbsent = files
      .flatMap((file) => (file.status === "READY" ? (file.references ?? []) : []))
      .filter((name, index, all) => !session.files.has(name) && all.indexOf(name) === index);
    const missing = [
      ...files
        .filter((file) => file.status === "WAITING_FOR_TRANSFER" || file.status === "TRANSFERRING")
        .map((file) => file.name),
      ...referencedAbsent,
    ];
    const invalid = files
      .filter((file) => file.status === "ERROR")
      .map((file) => ({
        name: file.name,
        error_message: file.errorMessage ?? {
          id: "usc.reference.file.invalid",
          default_message: `The file ${file.name} was not received correctly.`,
          args: [file.name],
        },
      }));
    return {
      has_errors: missing.length + invalid.length > 0,
      missing_files: missing,
      invalid_files: invalid,
    };
  },
);

export function datastoreView(datastore: Datastore): object {
  return {
    datastore: datastore.id,
    name: datastore.name,
    type: datastore.type,
    free_space: datastore.freeSpace,
    capacity: datastore.capacity,
  };
}

export function libraryView(library: Library): object {
  return {
    id: library.id,
    name: library.name,
    description: library.description,
    type: library.type,
    storage_backings: library.storageBackings.map((backing) => ({
      type: backing.type,
      ...optional("datastore_id", backing.datastoreId),
      ...optional("storage_uri", backing.storageUri),
    })),
    creation_time: formatDateTime(library.createdAt),
    last_modified_time: formatDateTime(library.modifiedAt),
    ...optional("last_sync_time", library.subscription && formatDateTime(library.subscription.lastSyncAt)),
    version: String(library.version),
    ...(library.type === "LOCAL"
      ? {
          publish_info: {
            published: library.publishUrl !== undefined,
            ...optional("publish_url", library.publishUrl),
            authentication_method: "NONE",
            persist_json_enabled: false,
          },
        }
      : {}),
    ...optional(
      "subscription_info",
      library.subscription && {
        subscription_url: library.subscription.url,
        authentication_method: "NONE",
        automatic_sync_enabled: library.subscription.automaticSync,
        on_demand: library.subscription.onDemand,
      },
    ),
  };
}

export function itemSize(item: Item): number {
  let size = 0;
  for (const file of item.files.values()) size += file.size;
  return size;
}

export function itemView(item: Item): object {
  return {
    id: item.id,
    library_id: item.libraryId,
    name: item.name,
    description: item.description,
    type: item.type,
    size: itemSize(item),
    cached: true,
    content_version: String(item.contentVersion),
    metadata_version: String(item.metadataVersion),
    version: String(item.metadataVersion),
    creation_time: formatDateTime(item.createdAt),
    last_modified_time: formatDateTime(item.modifiedAt),
    ...optional("source_id", item.sourceId),
  };
}

export function itemFileView(file: ItemFile): object {
  return {
    name: file.name,
    size: file.size,
    checksum_info: { algorithm: "SHA1", checksum: file.sha1 },
    cached: true,
    version: String(file.version),
  };
}

export function apiSessionView(session: ApiSession): object {
  return {
    user: session.username,
    created_time: formatDateTime(session.createdAt),
    last_accessed_time: formatDateTime(session.lastAccessedAt),
  };
}
