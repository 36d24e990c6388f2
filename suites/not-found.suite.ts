import type { CheckContext } from "../src/checks/check-context.ts";
import { defineSuite } from "../src/checks/suite.ts";
import { buildWireRequest, type OperationCall } from "../src/dialects/wire-request.ts";
import { notFoundCatalogue, sessionOperations } from "../src/catalogue/not-found.checks.ts";
import { createSession, sessionParams } from "./support/steps.ts";
import {} from "../fixtures/create-specs.ts";
import { wellFormedCall } from "../fixtures/well-formed-calls.ts";

type SessionOperation = (typeof sessionOperations)[number]["operation"];

const missingFile = "conformance-no-such-file.txt";

/** An action name no operation of either dialect has. */
const unknownAction = "conformance-no-such-action";

/**
 * A session id that names nothing but is not shaped like one: characters that must be percent-encoded in
 * a path or a query (the adapter encodes them), so the target sees a well-formed request with a strange id.
 */
const malformedId = "no such-id%?#&";

/** Each operation as a well-formed request, so only the unknown id can be what the target objects to. */
function wellFormedWith(operationId: SessionOperation, sessionId: string): OperationCall {
  return wellFormedCall(operationId, { sessionId, fileName: missingFile, newFileName: "conformance.txt" });
}

type Message = { default_message?: unknown; args?: unknown; params?: unknown };

/** The messages of an error body in either dialect: rest `{type, value: {messages}}`, api `{error_type, messages}`. */
function errorMessages(body: unknown): Message[] {
  const record = (typeof body === "object" && body !== null ? body : {}) as {
    messages?: unknown;
    value?: { messages?: unknown } | null;
  };
  const messages = record.messages ?? record.value?.messages;
  return Array.isArray(messages)
    ? messages.filter((m): m is Message => typeof m === "object" && m !== null)
    : [];
}

/** The names of a params map's named arguments, in either encoding (rest array of {key, value}, api object). */
function paramNames(params: unknown): string[] {
  if (Array.isArray(params)) return params.map((entry) => String((entry as { key?: unknown } | null)?.key));
  return typeof params === "object" && params !== null ? Object.keys(params) : [];
}

/** A name as a literal part of a regular expression. */
function literal(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export const notFoundSuite = defineSuite(notFoundCatalogue, ({ check, env }) => {
  for (const { key, label, operation: operationId } of sessionOperations) {
    check(`not-found.${key}`, async (t) => {
      const wellFormed = await t.call(operationId, wellFormedWith(operationId, crypto.randomUUID()));
      t.expectError(wellFormed, "not_found", `${label} with a well-formed id that names no session`);
      const malformed = await t.call(operationId, wellFormedWith(operationId, malformedId));
      t.expectError(malformed, "not_found", `${label} with a malformed id (${JSON.stringify(malformedId)})`);
    });
  }

  check("not-found.list.unknown-item", async (t) => {
    const wellFormed = await t.call("updateSession.list", {
      params: { library_item_id: crypto.randomUUID() },
    });
    t.expectError(wellFormed, "not_found", "list filtered by a well-formed id that names no item");
    const malformed = await t.call("updateSession.list", { params: { library_item_id: malformedId } });
    t.expectError(
      malformed,
      "not_found",
      `list filtered by a malformed item id (${JSON.stringify(malformedId)})`,
    );
  });

  check("not-found.file.unknown-name.get", async (t) => {
    const id = await createSession(t, env, await env.newItem(t, "unknown-file-get"));
    const response = await t.call("updateSession.file.get", {
      params: { update_session_id: id, file_name: missingFile },
    });
    t.expectError(response, "invalid_argument", "file get of a name the session does not have");
  });

  check("not-found.file.unknown-name.remove", async (t) => {
    const id = await createSession(t, env, await env.newItem(t, "unknown-file-remove"));
    const response = await t.call("updateSession.file.remove", {
      params: { update_session_id: id, file_name: missingFile },
    });
    t.expectError(response, "invalid_argument", "file remove of a name the item does not have");
  });
  check("not-found.messages.arguments", async (t: CheckContext) => {
    const unknown = crypto.randomUUID();
    const responses = [
      await t.call("updateSession.get", sessionParams(unknown)),
      await t.call("updateSession.list", { params: { library_item_id: unknown } }),
    ];
    const messages = responses.flatMap((response) => {
      // Whether these are the documented not_found is not-found.session.get's and not-found.list.unknown-item's verdict.
      if (response.success || response.status === undefined)
        t.block(`${response.operationId} of an unknown id answered ${response.status}, not an error`);
      return errorMessages(response.json).map((message) => ({ response, message }));
    });
    if (messages.length === 0) t.block("the not_found answers carry no message to read");
    for (const { response, message } of messages) {
      t.focus = response.exchange;
      const text = typeof message.default_message === "string" ? message.default_message : "";
      const args = Array.isArray(message.args) ? message.args.map(String) : [];
      const shown = JSON.stringify(message);
      t.expectThat(
        args.every((arg) => text.includes(arg)),
        "default_message of a not_found message",
        "every positional argument (args) substituted into it",
        shown,
      );
      const placeholders = [
        /\{\d+\}/,
        ...paramNames(message.params).map((name) => new RegExp(`\\{${literal(name)}\\}`)),
      ];
      t.expectThat(
        !placeholders.some((placeholder) => placeholder.test(text)),
        "default_message of a not_found message",
        "no placeholder left in it, positional ({0}, {1}, ...) or named ({<a params key>})",
        shown,
      );
      t.expectThat(
        paramNames(message.params).length === 0 || args.length === 0,
        "args of a message with named arguments (params)",
        "an empty args list",
        shown,
      );
    }
  });
  check("not-found.unknown-action.operation-not-found", async (t) => {
    const id = await createSession(t, env, await env.newItem(t, "unknown-action"));
    // complete's own request with its action renamed: the path is real, only the action names nothing.
    const complete = buildWireRequest(t.dialect, "updateSession.complete", sessionParams(id));
    const path = complete.pathAndQuery.replace(/([?&]~?action=)complete\b/, `$1${unknownAction}`);
    if (path === complete.pathAndQuery) throw new Error(`complete's request names no action: ${path}`);
    t.expectError(
      await t.callUnlisted(complete.method, path),
      "operation_not_found",
      `${complete.method} with the action ${unknownAction}, which no operation serves`,
    );
  });
});
