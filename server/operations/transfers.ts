import { createHash, type Hash } from "node:crypto";
import type { LocalizableMessage } from "../state/model.ts";
import type { SessionFile, UpdateSession } from "../state/session-records.ts";
import { settlePendingCompletion } from "./completion.ts";
import type { StateContext } from "./context.ts";
import { overridable } from "./overridable.ts";
import { isMetadataFile } from "./views.ts";

/**
 * The most one transfer may carry. Bytes are hashed and counted, not kept (only a metadata file's, up to
 * maxMetadataBytes), so this bounds time, not memory.
 */
export const maxTransferBytes = 8 * 1024 ** 3;

/** The largest metadata file (descriptor, manifest, certificate) whose text is kept to be read. */
const maxMetadataBytes = 1024 ** 2;

const nodeHashNames = { SHA1: "sha1", MD5: "md5", SHA256: "sha256", SHA512: "sha512" } as const;

/**
 * The files an OVF descriptor's References section names (`<File ovf:href="disk-1.vmdk" .../>`): this
 * server's one type adapter, so validate can report a referenced file the session never received.
 */
function ovfReferences(descriptor: string): string[] {
  return [...descriptor.matchAll(/<(?:ovf:)?File\b[^>]*\bovf:href="([^"]+)"/g)].flatMap((match) =>
    match[1] === undefined ? [] : [match[1]],
  );
}

/**
 * Receives one file's bytes (a PUSH upload or a PULL download) and moves the file's status:
 * TRANSFERRING while bytes arrive, then READY, or ERROR when the declared size or checksum does not match.
 * A sink whose session left ACTIVE, or whose file was added again or removed, stops touching the record.
 */
export class TransferSink {
  readonly #context: StateContext;
  readonly #session: UpdateSession;
  readonly #file: SessionFile;
  readonly #generation: number;
  readonly #sha1: Hash;
  readonly #declared: Hash | undefined;
  #bytes = 0;
  /**
   * The bytes of a metadata file, kept to read when it is complete: a descriptor's References, a manifest
   * and a certificate for the preview's signature check. Dropped past maxMetadataBytes.
   */
  #metadata: Buffer[] | undefined;
  #closed = false;
  #received = false;

  constructor(context: StateContext, session: UpdateSession, file: SessionFile) {
    this.#context = context;
    this.#session = session;
    this.#file = file;
    file.generation += 1;
    this.#generation = file.generation;
    const algorithm = file.declaredChecksum?.algorithm;
    this.#sha1 = createHash("sha1");
    this.#metadata = isMetadataFile(file.name) ? [] : undefined;
    this.#declared =
      algorithm === undefined || algorithm === "SHA1" ? undefined : createHash(nodeHashNames[algorithm]);
    Object.assign(file, {
      status: "TRANSFERRING",
      bytesTransferred: 0,
      size: undefined,
      sha1: undefined,
      references: undefined,
      text: undefined,
      errorMessage: undefined,
    });
    context.store.touch(session);
  }

  /** Whether this transfer still owns the file record. */
  get live(): boolean {
    const session = this.#context.store.updateSession(this.#session.id);
    return (
      !this.#closed &&
      session === this.#session &&
      session.state === "ACTIVE" &&
      session.files.get(this.#file.name) === this.#file &&
      this.#file.generation === this.#generation
    );
  }

  /** Takes a chunk; false means stop sending (superseded, or the file already failed). */
  write(chunk: Buffer): boolean {
    if (!this.live) return false;
    this.#bytes += chunk.length;
    const limit = this.#file.declaredSize ?? maxTransferBytes;
    if (this.#bytes > limit) {
      this.fail(
        "file.too_large",
        `The file ${this.#file.name} is larger than ${this.#file.declaredSize === undefined ? "the server accepts" : `its declared size of ${limit} bytes`}.`,
      );
      return false;
    }
    this.#sha1.update(chunk);
    this.#declared?.update(chunk);
    if (this.#bytes > maxMetadataBytes) this.#metadata = undefined;
    this.#metadata?.push(chunk);
    this.#file.bytesTransferred = this.#bytes;
    this.#context.store.touch(this.#session);
    return true;
  }

  /** All bytes arrived: verify what the client declared and settle the file's status. */
  finish(): void {
    if (!this.live) return;
    const file = this.#file;
    const sha1 = this.#sha1.digest("hex");
    if (file.declaredSize !== undefined && file.declaredSize !== this.#bytes) {
      this.fail(
        "file.size_mismatch",
        `The file ${file.name} has ${this.#bytes} bytes, but ${file.declaredSize} were declared.`,
        String(this.#bytes),
        String(file.declaredSize),
      );
      return;
    }
    const declared = file.declaredChecksum;
    if (declared !== undefined) {
      const actual = this.#declared?.digest("hex") ?? sha1;
      if (!checksumMatches(this.#context, declared.checksum, actual)) {
        this.fail(
          "file.checksum_mismatch",
          `The ${declared.algorithm} checksum of ${file.name} is ${actual}, but ${declared.checksum} was declared.`,
          actual,
          declared.checksum,
        );
        return;
      }
    }
    this.#closed = true;
    this.#received = true;
    const text = this.#metadata === undefined ? undefined : Buffer.concat(this.#metadata).toString("utf8");
    const references = text !== undefined && /\.ovf$/i.test(file.name) ? ovfReferences(text) : undefined;
    fileReceived(this.#context, this.#session, file, {
      size: this.#bytes,
      sha1,
      references,
      ...(text !== undefined && /\.(mf|cert)$/i.test(file.name) ? { text } : {}),
    });
  }

  fail(id: string, text: string, ...args: string[]): void {
    if (!this.live) return;
    this.#closed = true;
    const message: LocalizableMessage = { id: `usc.reference.${id}`, default_message: text, args };
    Object.assign(this.#file, { status: "ERROR", errorMessage: message });
    this.#context.store.touch(this.#session);
    settlePendingCompletion(this.#context, this.#session);
  }

  /**
   * Whether this transfer's bytes are the file's content: it finished while it owned the record and
   * nothing has replaced it since. A transfer superseded by a later one (or by a new add) never is, even
   * when the file is READY with the other transfer's bytes.
   */
  get receivedContent(): boolean {
    return (
      this.#received &&
      this.#file.generation === this.#generation &&
      this.#session.files.get(this.#file.name) === this.#file
    );
  }

  /** The file's error once the transfer failed, for the uploader's response. */
  get errorMessage(): LocalizableMessage | undefined {
    return this.#file.status === "ERROR" && this.#file.generation === this.#generation
      ? this.#file.errorMessage
      : undefined;
  }
}

/** Whether the digest of the received bytes is the checksum the add spec declared (hex, any case). */
export const checksumMatches = overridable(
  "file.transfer.checksum-matches",
  (_context: StateContext, declared: string, actual: string): boolean => actual === declared.toLowerCase(),
);

/** Every byte of a file arrived and matched what was declared: the file is READY. */
export const fileReceived = overridable(
  "updateSession.file:received",
  (
    context: StateContext,
    session: UpdateSession,
    file: SessionFile,
    received: { size: number; sha1: string; references: string[] | undefined; text?: string },
  ): void => {
    Object.assign(file, { status: "READY", ...received });
    context.store.touch(session);
    settlePendingCompletion(context, session);
  },
);
