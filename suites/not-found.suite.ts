import { defineSuite } from "../src/checks/suite.ts";
import type { OperationCall } from "../src/dialects/wire-request.ts";
import { notFoundCatalogue, sessionOperations } from "../src/catalogue/not-found.checks.ts";
import { clientErrorMessage } from "./support/sessions.ts";
import { createSession, sessionParams } from "./support/steps.ts";

type OperationKey = (typeof sessionOperations)[number]["key"];

const missingFile = "conformance-no-such-file.txt";

/**
 * A session id that names nothing but is not shaped like one: characters that must be percent-encoded in
 * a path or a query (the adapter encodes them), so the target sees a well-formed request with a strange id.
 */
const malformedId = "no such-id%?#&";

/** Each operation as a well-formed request, so only the unknown id can be what the target objects to. */
const calls: Record<OperationKey, { operationId: string; call: (sessionId: string) => OperationCall }> = {
  "session.get": { operationId: "updateSession.get", call: sessionParams },
  "session.update": {
    operationId: "updateSession.update",
    call: (id) => ({
      params: { update_session_id: id },
      body: { warning_behavior: [{ type: "SELF_SIGNED_CERTIFICATE", ignored: true }] },
    }),
  },
  "session.delete": { operationId: "updateSession.delete", call: sessionParams },
  "session.complete": { operationId: "updateSession.complete", call: sessionParams },
  "session.cancel": { operationId: "updateSession.cancel", call: sessionParams },
  "session.fail": {
    operationId: "updateSession.fail",
    call: (id) => ({ params: { update_session_id: id }, body: { client_error_message: clientErrorMessage } }),
  },
  "session.keep-alive": { operationId: "updateSession.keepAlive", call: sessionParams },
  "file.add": {
    operationId: "updateSession.file.add",
    call: (id) => ({
      params: { update_session_id: id },
      body: { name: "conformance.txt", source_type: "PUSH", size: 8 },
    }),
  },
  "file.get": {
    operationId: "updateSession.file.get",
    call: (id) => ({ params: { update_session_id: id, file_name: missingFile } }),
  },
  "file.list": { operationId: "updateSession.file.list", call: sessionParams },
  "file.remove": {
    operationId: "updateSession.file.remove",
    call: (id) => ({ params: { update_session_id: id, file_name: missingFile } }),
  },
  "file.validate": { operationId: "updateSession.file.validate", call: sessionParams },
};

export const notFoundSuite = defineSuite(notFoundCatalogue, ({ check, env }) => {
  for (const { key, label } of sessionOperations) {
    check(`not-found.${key}`, async (t) => {
      const { operationId, call } = calls[key];
      const wellFormed = await t.call(operationId, call(crypto.randomUUID()));
      t.expectError(wellFormed, "not_found", `${label} with a well-formed id that names no session`);
      const malformed = await t.call(operationId, call(malformedId));
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
});
