import type { SuiteBuilder } from "../../src/checks/suite.ts";
import { createHash } from "node:crypto";
import type { CheckContext } from "../../src/checks/check-context.ts";
import { canonicalJson, normaliseMaps, withoutMembers } from "../support/compare.ts";
import { servePullSource, type PullSource } from "../support/pull-source.ts";
import { sleep } from "../support/sessions.ts";
import {
  addPushFile,
  addPushFileForUpload,
  asRecord,
  createSession,
  declared,
  payload,
  produced,
  readSessionInAnyState,
  sessionParams,
} from "../support/steps.ts";

/** How long a PULL check waits for the target to fetch its source, or for a completion to settle. */
const pullSettleMs = 15_000;

/** A session or file status that is still moving. */
const transferringStatuses = ["WAITING_FOR_TRANSFER", "TRANSFERRING", "VALIDATING"];

/** The hash algorithms a ChecksumInfo may name, as node calls them. */
const nodeHashNames: Record<string, string> = {
  SHA1: "sha1",
  MD5: "md5",
  SHA256: "sha256",
  SHA512: "sha512",
};

/** A ChecksumInfo that names an algorithm this process can compute, compared with the bytes' own hash. */
function checksumMatches(checksumInfo: unknown, bytes: Uint8Array): boolean | undefined {
  if (typeof checksumInfo !== "object" || checksumInfo === null) return undefined;
  const { algorithm = "SHA1", checksum } = checksumInfo as { algorithm?: unknown; checksum?: unknown };
  const hash = nodeHashNames[String(algorithm)];
  if (hash === undefined || typeof checksum !== "string") return undefined;
  return createHash(hash).update(bytes).digest("hex") === checksum.toLowerCase();
}

/** Reads one file of a session as a set-up step. */
async function readFile(t: CheckContext, sessionId: string, name: string): Promise<Record<string, unknown>> {
  const response = t.prerequisite(
    await t.call("updateSession.file.get", { params: { update_session_id: sessionId, file_name: name } }),
    `reading file ${name}`,
  );
  return asRecord(t, produced(response), `file ${name}`);
}

/**
 * Adds a PULL file whose source the check serves. A target that refuses the spec (it offers no PULL, or
 * not from this URI) is a MAY not offered: the check skips with its answer.
 */
async function addPullFile(
  t: CheckContext,
  sessionId: string,
  name: string,
  source: PullSource,
  data: { size: number; sha256: string },
): Promise<void> {
  const added = await t.call("updateSession.file.add", {
    params: { update_session_id: sessionId },
    body: {
      name,
      source_type: "PULL",
      source_endpoint: { uri: source.url },
      ...declared(data),
    },
  });
  if (!added.success && (added.errorType === "invalid_argument" || added.errorType === "unsupported")) {
    t.notOffered(
      added,
      `the target refuses a PULL file from ${source.url}: ${added.status} ${added.errorType} (PULL is a MAY)`,
    );
  }
  t.expectSuccess(added, `file add with source_type PULL from ${source.url}`);
}

/** Ends the check as skipped when the target never asked the run's source for the content. */
function skipIfNeverFetched(t: CheckContext, source: PullSource, what: string): void {
  if (source.requests() === 0) {
    t.skip(
      `the target never requested ${source.url} (${what}): it cannot reach this machine, so PULL is not shown`,
    );
  }
}

/** The other transfer forms: upload by POST, the query form of get, and PULL from an HTTP source. */
export function defineUploadAndPullChecks({ check, env }: SuiteBuilder): void {
  check("model.upload.post", async (t) => {
    const name = "posted.txt";
    const data = payload("update session conformance: content sent with POST\n");
    const sessionId = await createSession(t, env, await env.newItem(t, "upload-post"));
    const uri = await addPushFileForUpload(t, sessionId, name, declared(data));
    const exchange = await t.upload(uri, data.bytes, "POST");
    const status = exchange.response?.status ?? 0;
    if (status < 200 || status >= 300) {
      return t.skip(
        `the upload endpoint does not take POST: it answered ${status} (PUT is the documented method)`,
      );
    }
    const file = await readFile(t, sessionId, name);
    t.expectEqual(file.status, "READY", `status of ${name} after the POST upload was accepted`);
    t.expectEqual(file.size, data.size, `size of ${name} after the POST upload`);
    t.expectEqual(file.bytes_transferred, data.size, `bytes_transferred of ${name} after the POST upload`);
  });

  check("model.query-form.get", async (t) => {
    if (t.dialect !== "rest") t.skip("the 2014 query-string form exists only in the rest dialect");
    const sessionId = await createSession(t, env, await env.newItem(t, "query-form"));
    await addPushFile(t, sessionId, "query-form.txt", { size: 16 });
    const canonical = t.prerequisite(
      await t.call("updateSession.get", sessionParams(sessionId)),
      "GET of the session",
    );
    const form = "POST .../update-session?~action=get&update_session_id=<id>";
    const response = await t.call("updateSession.get.bodyAction", {
      query: { update_session_id: sessionId },
    });
    const notServed =
      response.status === 404 ||
      response.status === 405 ||
      response.errorType === "operation_not_found" ||
      response.errorType === "invalid_request" ||
      // Without a body the target may read the form as a body-action form lacking its parameter.
      (response.errorType === "invalid_argument" && response.status === 400);
    if (!response.success && notServed) {
      t.notOffered(
        response,
        `the target does not serve ${form}: it answered ${response.status} ${response.errorType ?? ""}`.trim(),
      );
    }
    t.expectSuccess(response, form);
    t.expectThat(
      typeof response.value === "object" && response.value !== null && !Array.isArray(response.value),
      `the result of ${form}`,
      "the session (a JSON object)",
      JSON.stringify(response.value) ?? "nothing",
    );
    const comparable = (value: unknown): string =>
      canonicalJson(normaliseMaps(withoutMembers(value, ["expiration_time"])));
    t.expectEqual(
      comparable(response.value),
      comparable(canonical.value),
      `the session ${form} returned (every member but expiration_time)`,
    );
  });

  check("model.pull.http", async (t) => {
    const name = "pulled.txt";
    const data = payload("update session conformance: content the target pulls over http\n");
    const source = await servePullSource(name, data.bytes);
    try {
      const sessionId = await createSession(t, env, await env.newItem(t, "pull"));
      await addPullFile(t, sessionId, name, source, data);
      const deadline = Date.now() + pullSettleMs;
      let file = await readFile(t, sessionId, name);
      while (transferringStatuses.includes(String(file.status)) && Date.now() < deadline) {
        await sleep(200);
        file = await readFile(t, sessionId, name);
      }
      skipIfNeverFetched(t, source, `the file is ${String(file.status)}`);
      t.expectEqual(file.status, "READY", `status of ${name} once the target fetched its source`);
      t.expectEqual(file.source_type, "PULL", `source_type of ${name}`);
      t.expectEqual(file.size, data.size, `size of ${name} (the source's byte count)`);
      t.expectEqual(file.bytes_transferred, data.size, `bytes_transferred of ${name}`);
      const matches = checksumMatches(file.checksum_info, data.bytes);
      t.expectThat(
        matches !== false,
        `checksum_info of ${name}`,
        "absent, or the checksum of the source's bytes",
        JSON.stringify(file.checksum_info),
      );
    } finally {
      await source.close();
    }
  });

  check("model.pull.complete-then-poll", async (t) => {
    const name = "pulled-late.txt";
    const data = payload("update session conformance: content still on its way when complete is called\n");
    // The source holds its answer until complete returned, so complete arrives while the target is still
    // fetching (a target whose complete waits for the transfer gets the answer after 5 s).
    const source = await servePullSource(name, data.bytes, { holdMs: 5_000 });
    try {
      const itemId = await env.newItem(t, "pull-complete");
      const sessionId = await createSession(t, env, itemId);
      await addPullFile(t, sessionId, name, source, data);
      const completed = await t.call("updateSession.complete", sessionParams(sessionId));
      source.release();
      if (!completed.success && completed.errorType === "not_allowed_in_current_state") {
        skipIfNeverFetched(t, source, "complete was refused");
        return t.skip(
          "the target refuses complete while its PULL transfer runs (it does not return early, which the documents allow)",
        );
      }
      t.expectSuccess(completed, "complete of a session whose PULL transfer runs");
      const deadline = Date.now() + pullSettleMs;
      const poll = () => readSessionInAnyState(t, sessionId, "get of the session after complete");
      let model = await poll();
      while (model.state === "ACTIVE" && Date.now() < deadline) {
        await sleep(200);
        model = await poll();
      }
      skipIfNeverFetched(t, source, `the session is ${String(model.state)}`);
      t.expectEqual(model.state, "DONE", "state once the session left ACTIVE after complete");
      const listed = t.prerequisite(
        await t.call("library.item.file.list", { params: { library_item_id: itemId } }),
        "listing the item's files",
      );
      const files = Array.isArray(listed.value) ? (listed.value as unknown[]) : [];
      const entry = files.find((f) => (f as { name?: unknown } | null)?.name === name) as
        Record<string, unknown> | undefined;
      t.expectThat(
        entry !== undefined,
        "the item's files after the PULL session is DONE",
        `a list naming ${name}`,
        JSON.stringify(files.map((f) => (f as { name?: unknown } | null)?.name)),
      );
      const file = entry as Record<string, unknown>;
      t.expectEqual(file.size, data.size, `size of ${name} on the item (the source's byte count)`);
      t.expectThat(
        checksumMatches(file.checksum_info, data.bytes) !== false,
        `checksum_info of ${name} on the item`,
        "absent, or the checksum of the source's bytes",
        JSON.stringify(file.checksum_info),
      );
    } finally {
      await source.close();
    }
  });
}
