import type { CheckContext } from "../src/checks/check-context.ts";
import { defineSuite } from "../src/checks/suite.ts";
import { ApiClient, type ApiResponse } from "../src/client/api-client.ts";
import { FindingsLog } from "../src/client/findings-log.ts";
import type { OperationCall } from "../src/dialects/wire-request.ts";
import { postVsGetCatalogue } from "../src/catalogue/post-vs-get.checks.ts";
import { canonicalJson, normaliseMaps, sortedStrings, withoutMembers } from "./support/compare.ts";
import { dateTimeMillis, sessionFiles } from "./support/sessions.ts";
import {
  addPushFile,
  asRecord,
  createSession,
  produced,
  readSessionInAnyState,
  sessionParams,
} from "./support/steps.ts";
import { failSpec } from "../fixtures/create-specs.ts";
import type { OperationId } from "../spec/index.ts";

const restOnly = "the 2014 action forms exist only in the rest dialect";

/** expiration_time may move with activity between two readings; every other member must be the same. */
const movingMembers = ["expiration_time"];

/** A file list in a comparable form: entries sorted by name, maps as objects. */
function comparableFiles(value: unknown, readIn?: "rest" | "api"): string {
  const files = Array.isArray(value) ? [...(normaliseMaps(value, readIn) as unknown[])] : [];
  files.sort((a, b) =>
    String((a as { name?: unknown }).name).localeCompare(String((b as { name?: unknown }).name)),
  );
  return canonicalJson(files);
}

function comparableSession(value: unknown, readIn?: "rest" | "api"): string {
  return canonicalJson(normaliseMaps(withoutMembers(value, movingMembers), readIn));
}

export const postVsGetSuite = defineSuite(postVsGetCatalogue, ({ check, env }) => {
  /** A fresh item with an ACTIVE session holding one added (not uploaded) file: a stable thing to read. */
  async function sessionWithFile(
    t: CheckContext,
    purpose: string,
  ): Promise<{ itemId: string; sessionId: string }> {
    const itemId = await env.newItem(t, purpose);
    const sessionId = await createSession(t, env, itemId);
    await addPushFile(t, sessionId, `${purpose}.txt`, { size: 16 });
    return { itemId, sessionId };
  }

  /**
   * Calls an alternative form. A target that does not serve it answers 404, 405, operation_not_found or
   * invalid_request: a documented MAY not offered, so the check skips (erratum E23).
   */
  async function alternative(
    t: CheckContext,
    operationId: OperationId,
    call: OperationCall,
    form: string,
  ): Promise<ApiResponse> {
    const response = await t.call(operationId, call);
    const notServed =
      response.status === 404 ||
      response.status === 405 ||
      response.errorType === "operation_not_found" ||
      response.errorType === "invalid_request";
    if (!response.success && notServed) {
      t.notOffered(
        response,
        `the target does not serve ${form}: it answered ${response.status} ${response.errorType ?? ""}`.trim(),
      );
    }
    return t.expectSuccess(response, form);
  }

  async function compareGet(t: CheckContext, operationId: OperationId, form: string): Promise<void> {
    if (t.dialect !== "rest") t.skip(restOnly);
    const { sessionId } = await sessionWithFile(t, "get");
    const canonical = t.prerequisite(
      await t.call("updateSession.get", sessionParams(sessionId)),
      "GET of the session",
    );
    const other = await alternative(t, operationId, sessionParams(sessionId), form);
    // A success without the session (an empty body, a bare string) is the deviation itself, not a set-up failure.
    t.expectThat(
      typeof other.value === "object" && other.value !== null && !Array.isArray(other.value),
      `the result of ${form}`,
      "the session (a JSON object)",
      JSON.stringify(other.value) ?? "nothing",
    );
    const model = other.value as Record<string, unknown>;
    t.expectEqual(
      comparableSession(model),
      comparableSession(canonical.value),
      `the session ${form} returned (every member but expiration_time)`,
    );
    t.expectThat(
      dateTimeMillis(model.expiration_time) !== undefined,
      `expiration_time from ${form}`,
      "an RFC 3339 date-time with a zone",
      JSON.stringify(model.expiration_time),
    );
  }

  async function compareList(t: CheckContext, operationId: OperationId, form: string): Promise<void> {
    if (t.dialect !== "rest") t.skip(restOnly);
    const { itemId, sessionId } = await sessionWithFile(t, "list");
    const canonical = t.prerequisite(
      await t.call("updateSession.list", { params: { library_item_id: itemId } }),
      "GET of the list filtered by the item",
    );
    const other = await alternative(t, operationId, { params: { library_item_id: itemId } }, form);
    t.expectEqual(sortedStrings(other.value), sortedStrings(canonical.value), `the ids ${form} returned`);
    t.expectEqual(sortedStrings(other.value), [sessionId], `the ids ${form} returned for the item`);
  }

  async function compareFileList(t: CheckContext, operationId: OperationId, form: string): Promise<void> {
    if (t.dialect !== "rest") t.skip(restOnly);
    const { sessionId } = await sessionWithFile(t, "file-list");
    const canonical = t.prerequisite(
      await t.call("updateSession.file.list", sessionParams(sessionId)),
      "GET of the session's file list",
    );
    const other = await alternative(t, operationId, sessionParams(sessionId), form);
    t.expectEqual(
      comparableFiles(other.value),
      comparableFiles(canonical.value),
      `the files ${form} returned`,
    );
  }

  check("post-vs-get.get.id-action", (t) =>
    compareGet(t, "updateSession.get.idAction", "POST .../update-session/id:{id}?~action=get"),
  );
  check("post-vs-get.get.body-action", (t) =>
    compareGet(
      t,
      "updateSession.get.bodyAction",
      'POST .../update-session?~action=get with {"update_session_id"}',
    ),
  );
  check("post-vs-get.list.id-action", (t) =>
    compareList(
      t,
      "updateSession.list.idAction",
      "POST .../update-session/id:{library_item_id}?~action=list",
    ),
  );
  check("post-vs-get.list.body-action", (t) =>
    compareList(
      t,
      "updateSession.list.bodyAction",
      'POST .../update-session?~action=list with {"library_item_id"}',
    ),
  );
  check("post-vs-get.file-list.id-action", (t) =>
    compareFileList(
      t,
      "updateSession.file.list.idAction",
      "POST .../updatesession/file/id:{id}?~action=list",
    ),
  );
  check("post-vs-get.file-list.body-action", (t) =>
    compareFileList(
      t,
      "updateSession.file.list.bodyAction",
      'POST .../updatesession/file?~action=list with {"update_session_id"}',
    ),
  );

  /** Ends a new session through an alternative form and asserts the state it reached. */
  async function endThrough(
    t: CheckContext,
    operationId: OperationId,
    call: (sessionId: string) => OperationCall,
    form: string,
    state: string,
  ): Promise<void> {
    if (t.dialect !== "rest") t.skip(restOnly);
    const sessionId = await createSession(t, env, await env.newItem(t, "action-form"));
    await alternative(t, operationId, call(sessionId), form);
    const model = await readSessionInAnyState(t, sessionId, `get of the session after ${form}`);
    t.expectEqual(model.state, state, `state after ${form}`);
  }

  check("post-vs-get.complete.body-action", (t) =>
    endThrough(
      t,
      "updateSession.complete.bodyAction",
      (id) => ({ params: { update_session_id: id } }),
      'POST .../update-session?~action=complete with {"update_session_id"}',
      "DONE",
    ),
  );
  check("post-vs-get.complete.query-form", (t) =>
    endThrough(
      t,
      "updateSession.complete.bodyAction",
      (id) => ({ query: { update_session_id: id } }),
      "POST .../update-session?~action=complete&update_session_id=<id>",
      "DONE",
    ),
  );
  check("post-vs-get.fail.body-action", (t) =>
    endThrough(
      t,
      "updateSession.fail.bodyAction",
      (id) => ({ params: { update_session_id: id }, body: failSpec() }),
      'POST .../update-session?~action=fail with {"update_session_id", "client_error_message"}',
      "ERROR",
    ),
  );

  check("post-vs-get.file-remove.body-action", async (t) => {
    if (t.dialect !== "rest") t.skip(restOnly);
    const { sessionId } = await sessionWithFile(t, "file-remove");
    const name = "file-remove.txt";
    const form = 'POST .../updatesession/file?~action=remove with {"update_session_id", "file_name"}';
    await alternative(
      t,
      "updateSession.file.remove.bodyAction",
      { params: { update_session_id: sessionId, file_name: name } },
      form,
    );
    const names = (await sessionFiles(t, sessionId)).map((file) => file.name);
    t.expectThat(
      !names.includes(name),
      `the session's files after ${form}`,
      `no ${name}`,
      JSON.stringify(names),
    );
  });

  check("post-vs-get.cross-dialect.same-model", async (t) => {
    const otherDialect = t.dialect === "rest" ? "api" : "rest";
    if (!env.run.dialects.includes(otherDialect)) {
      t.skip(`the run does not include the ${otherDialect} dialect, so there is nothing to compare with`);
    }
    const { sessionId } = await sessionWithFile(t, "cross-dialect");
    // Its own findings log: the other dialect's responses are schema-checked by that dialect's own run, and
    // sharing ours would report them a second time under this suite.
    const other = new ApiClient({
      dialect: otherDialect,
      baseUrl: env.run.baseUrl,
      username: env.run.username,
      password: env.run.password,
      transport: env.transport,
      findings: new FindingsLog(),
    });
    const callOther = async (operationId: OperationId, call: OperationCall): Promise<ApiResponse> => {
      const response = await other.call(operationId, call);
      t.transcript.push(response.exchange);
      t.focus = response.exchange;
      return response;
    };
    try {
      const login = await other.login();
      if (!login.success) t.block(`login in the ${otherDialect} dialect failed with status ${login.status}`);
      const here = t.prerequisite(
        await t.call("updateSession.get", sessionParams(sessionId)),
        `get in ${t.dialect}`,
      );
      const there = t.expectSuccess(
        await callOther("updateSession.get", sessionParams(sessionId)),
        `get of the same session in ${otherDialect}`,
      );
      t.expectEqual(
        comparableSession(there.value, otherDialect),
        comparableSession(here.value, t.dialect),
        `the session read through ${otherDialect} (every member but expiration_time, maps as objects)`,
      );
      const expires = dateTimeMillis(asRecord(t, produced(there), "the session").expiration_time);
      t.expectThat(
        expires !== undefined,
        `expiration_time read through ${otherDialect}`,
        "an RFC 3339 date-time with a zone",
        JSON.stringify(asRecord(t, produced(there), "the session").expiration_time),
      );
      const filesHere = t.prerequisite(
        await t.call("updateSession.file.list", sessionParams(sessionId)),
        `file list in ${t.dialect}`,
      );
      const filesThere = t.expectSuccess(
        await callOther("updateSession.file.list", sessionParams(sessionId)),
        `file list of the same session in ${otherDialect}`,
      );
      t.expectEqual(
        comparableFiles(filesThere.value, otherDialect),
        comparableFiles(filesHere.value, t.dialect),
        `the files read through ${otherDialect} (maps as objects)`,
      );
    } finally {
      await other.logout().catch(() => undefined);
    }
  });
});
