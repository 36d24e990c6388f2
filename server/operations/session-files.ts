import { checksumAlgorithms, sourceTypes } from "../state/model.ts";
import { SessionFile, type SessionFileFields, type UpdateSession } from "../state/session-records.ts";
import type { OperationContext } from "./context.ts";
import {
  readEnum,
  readObject,
  readOptionalInteger,
  readOptionalObject,
  readOptionalString,
  readString,
} from "./decode.ts";
import { invalidArgument, notAllowedInCurrentState } from "./errors.ts";
import { startPull } from "./pull.ts";
import { overridable } from "./overridable.ts";
import { requirePrivilege } from "./privileges.ts";
import { requireSessionState } from "./session-state.ts";
import { findUpdateSession } from "./update-sessions.ts";
import { isMetadataFile, keepsInStorage, sessionFileView, validationResultView } from "./views.ts";

/** The update session file service: add, get, list, remove, validate. */

const checksumLengths = { SHA1: 40, MD5: 32, SHA256: 64, SHA512: 128 } as const;

/** Where the client sends a PUSH file's bytes: a path on this server naming the session and the file. */
export function uploadPath(sessionId: string, fileName: string): string {
  return `/usc-upload/${encodeURIComponent(sessionId)}/${encodeURIComponent(fileName)}`;
}

/** A file name is one path component: no separators, no dot segments, no control characters. */
function readFileName(value: unknown, path: string): string {
  const name = readString(value, path);
  if (name.length === 0 || name.length > 255 || /[/\\]/.test(name) || name === "." || name === "..") {
    throw invalidArgument(
      "file.name",
      `'${path}' must be a plain file name (1 to 255 characters, no '/' or '\\', not '.' or '..'), got '${name}'.`,
      name,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    throw invalidArgument("file.name", `'${path}' must not contain control characters.`, name);
  }
  // A lone UTF-16 surrogate has no UTF-8 form, so the name could not appear in an upload path or an api
  // path; in Unicode mode a well-formed pair is one code point and does not match.
  if (/\p{Cs}/u.test(name)) {
    throw invalidArgument(
      "file.name",
      `'${path}' must be valid Unicode: it contains an unpaired UTF-16 surrogate.`,
      name.replace(/\p{Cs}/gu, "\ufffd"),
    );
  }
  return name;
}

export function findFile(session: UpdateSession, name: string): SessionFile {
  const file = session.files.get(name);
  if (file === undefined) {
    throw invalidArgument(
      "file.not_in_session",
      `The update session ${session.id} has no file named '${name}'.`,
      session.id,
      name,
    );
  }
  return file;
}

/** What an add spec says about a file, before the session gives it a status and an upload endpoint. */
export type AddedFile = Omit<SessionFileFields, "status" | "bytesTransferred" | "uploadUri" | "generation">;

/** The documented schemes of storage the server reads itself (a file or datastore path), not over HTTP. */
const storageSchemes = ["file:", "ds:"];

/** The privilege a PULL from a file or datastore URI needs on the item (FileClient add, unauthorized). */
export const readStoragePrivilege = "ContentLibrary.ReadStorage";

/**
 * A PULL from a file or ds URI: the caller must hold ContentLibrary.ReadStorage on the item (unauthorized
 * otherwise), and this server, which pulls over http and https only, then refuses the scheme (E39).
 */
export const pullFromStorage = overridable(
  "updateSession.file.add:storage-source",
  (context: OperationContext, session: UpdateSession, uri: string): void => {
    requirePrivilege(context, readStoragePrivilege, session.itemId);
    throw invalidArgument(
      "file.source_scheme",
      `This server pulls only http and https URIs, not '${new URL(uri).protocol.replace(/:$/, "")}'.`,
      uri,
    );
  },
);

/** The source_endpoint of a PULL add spec: a documented URI, with an optional certificate thumbprint. */
export const readSourceEndpoint = overridable(
  "updateSession.file.add:source-endpoint",
  (_context: OperationContext, value: unknown): SessionFile["sourceEndpoint"] => {
    const endpoint = readObject(value, "source_endpoint");
    const uri = readString(endpoint.uri, "source_endpoint.uri");
    let protocol: string;
    try {
      protocol = new URL(uri).protocol;
    } catch {
      throw invalidArgument("file.source_uri", `'source_endpoint.uri' is not a URI: '${uri}'.`, uri);
    }
    if (!["http:", "https:", ...storageSchemes].includes(protocol)) {
      throw invalidArgument(
        "file.source_scheme",
        `'source_endpoint.uri' must be an http, https, file or ds URI, not '${protocol.replace(/:$/, "")}'.`,
        uri,
      );
    }
    const thumbprint = readOptionalString(
      endpoint.ssl_certificate_thumbprint,
      "source_endpoint.ssl_certificate_thumbprint",
    );
    return { uri, sslCertificateThumbprint: thumbprint };
  },
);

export const readAddSpec = overridable(
  "updateSession.file.add:spec",
  (context: OperationContext, value: unknown): AddedFile => {
    const spec = readObject(value, "file_spec");
    const name = readFileName(spec.name, "name");
    const sourceType = readEnum(spec.source_type, "source_type", sourceTypes);
    if (sourceType === "NONE") {
      throw invalidArgument("file.source_type", "'source_type' NONE adds no content: use PUSH or PULL.");
    }
    const size = readOptionalInteger(spec.size, "size");
    if (size !== undefined && size < 0)
      throw invalidArgument("file.size", `'size' must not be negative, got ${size}.`);
    const checksumInfo = readOptionalObject(spec.checksum_info, "checksum_info");
    let declaredChecksum: SessionFile["declaredChecksum"];
    if (spec.checksum_info !== undefined && spec.checksum_info !== null) {
      // The documents make the algorithm optional; SHA1 is the vAPI default.
      const algorithm =
        checksumInfo.algorithm === undefined || checksumInfo.algorithm === null
          ? "SHA1"
          : readEnum(checksumInfo.algorithm, "checksum_info.algorithm", checksumAlgorithms);
      const checksum = readString(checksumInfo.checksum, "checksum_info.checksum");
      if (!new RegExp(`^[0-9a-fA-F]{${checksumLengths[algorithm]}}$`).test(checksum)) {
        throw invalidArgument(
          "file.checksum",
          `'checksum_info.checksum' must be ${checksumLengths[algorithm]} hex digits for ${algorithm}.`,
          checksum,
        );
      }
      declaredChecksum = { algorithm, checksum };
    }
    const sourceEndpoint =
      sourceType === "PULL" ? readSourceEndpoint(context, spec.source_endpoint) : undefined;
    return {
      name,
      sourceType,
      size: undefined,
      declaredSize: size,
      declaredChecksum,
      sourceEndpoint,
      errorMessage: undefined,
      sha1: undefined,
    };
  },
);

/** Metadata first: a manifest or certificate added after the OVF descriptor is refused. */
export const requireMetadataOrder = overridable(
  "updateSession.file.add:metadata-order",
  (_context: OperationContext, session: UpdateSession, name: string): void => {
    const descriptorAdded = [...session.files.values()].some(
      (file) => file.sourceType !== "NONE" && /\.ovf$/i.test(file.name),
    );
    if (descriptorAdded && isMetadataFile(name) && !keepsInStorage(name)) {
      throw notAllowedInCurrentState(
        "file.metadata_after_descriptor",
        `Add the manifest or certificate before the OVF descriptor: ${name} came after it.`,
        name,
      );
    }
  },
);

/** The file a re-add replaces: adding a name the session has replaces that file. */
export const fileReplaced = overridable(
  "updateSession.file.add:replaced",
  (_context: OperationContext, session: UpdateSession, name: string): SessionFile | undefined =>
    session.files.get(name),
);

/** Adds (or replaces) a file. PUSH gets an upload endpoint on this server; PULL starts fetching at once. */
export const addFile = overridable(
  "updateSession.file.add",
  (context: OperationContext, sessionId: string, specValue: unknown): Record<string, unknown> => {
    const spec = readAddSpec(context, specValue);
    const session = findUpdateSession(context, sessionId);
    requireSessionState(context, session, "updateSession.file.add");
    const source = spec.sourceEndpoint?.uri;
    if (source !== undefined && storageSchemes.includes(new URL(source).protocol))
      pullFromStorage(context, session, source);
    requireMetadataOrder(context, session, spec.name);
    const previous = fileReplaced(context, session, spec.name);
    const file = new SessionFile({
      ...spec,
      status: "WAITING_FOR_TRANSFER",
      bytesTransferred: 0,
      uploadUri:
        spec.sourceType === "PUSH" ? `${context.origin}${uploadPath(session.id, spec.name)}` : undefined,
      generation: (previous?.generation ?? 0) + 1,
    });
    // Replace in place only when re-adding; a new name goes to the end so list order is the order of adds.
    if (previous !== undefined) session.files.delete(spec.name);
    session.files.set(spec.name, file);
    context.store.touch(session);
    if (file.sourceType === "PULL") startPull(context, session, file);
    return { ...sessionFileView(file, context.tlsThumbprint) };
  },
);

export const getFile = overridable(
  "updateSession.file.get",
  (context: OperationContext, sessionId: string, nameValue: unknown): object => {
    const name = readString(nameValue, "file_name");
    const session = findUpdateSession(context, sessionId);
    return sessionFileView(findFile(session, name), context.tlsThumbprint);
  },
);

export const listFiles = overridable(
  "updateSession.file.list",
  (context: OperationContext, sessionId: string): Record<string, unknown>[] => {
    const session = findUpdateSession(context, sessionId);
    return [...session.files.values()].map((file) => sessionFileView(file, context.tlsThumbprint));
  },
);

/** Removes a file from the session's view; the item loses it only when the session completes. */
export const removeFile = overridable(
  "updateSession.file.remove",
  (context: OperationContext, sessionId: string, nameValue: unknown): void => {
    const name = readString(nameValue, "file_name");
    const session = findUpdateSession(context, sessionId);
    const file = findFile(session, name);
    requireRemovable(session);
    session.files.delete(name);
    file.generation += 1;
    context.store.touch(session);
  },
);

/** remove documents only invalid_argument for a request it cannot honour, so a finished session says that. */
export function requireRemovable(session: UpdateSession): void {
  if (session.state !== "ACTIVE" || session.completionRequested) {
    throw invalidArgument(
      "file.remove_not_active",
      `Files can no longer be removed from the update session ${session.id}: it is ${session.state}.`,
      session.id,
      session.state,
    );
  }
}

export const validateFiles = overridable(
  "updateSession.file.validate",
  (context: OperationContext, sessionId: string): object => {
    const session = findUpdateSession(context, sessionId);
    requireSessionState(context, session, "updateSession.file.validate");
    context.store.touch(session);
    return validationResultView(context, session);
  },
);
