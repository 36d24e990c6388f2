import { describe, expect, it } from "vitest";
import { validateExchange, validateRequest, validateResponse, type Dialect } from "../spec/index.ts";

const json = { "content-type": "application/json" };

const message = { id: "com.example.msg", default_message: "Something happened.", args: [] as string[] };

function model(dialect: Dialect): Record<string, unknown> {
  const params = { count: { i: 3 } };
  return {
    library_item_id: "item-1",
    library_item_content_version: "2",
    client_progress: 0,
    state: "ACTIVE",
    expiration_time: "2026-11-23T10:15:00.000Z",
    error_message: {
      ...message,
      params: dialect === "api" ? params : [{ key: "count", value: { i: 3 } }],
    },
  };
}

function getResponse(dialect: Dialect, body: unknown) {
  const wrapped = dialect === "rest" ? { value: body } : body;
  return validateResponse(dialect, "updateSession.get", 200, JSON.stringify(wrapped), json);
}

const codesAndPaths = (findings: Array<{ code: string; path: string }>) =>
  findings.map(({ code, path }) => ({ code, path }));

describe("hand-made examples the transcription must reject", () => {
  for (const dialect of ["rest", "api"] as const) {
    const root = dialect === "rest" ? "$.value" : "$";

    it(`${dialect}: accepts the well-formed model these negatives start from`, () => {
      expect(getResponse(dialect, model(dialect))).toEqual([]);
    });

    it(`${dialect}: a missing required member is named by its path`, () => {
      const body = model(dialect);
      delete body["state"];
      expect(codesAndPaths(getResponse(dialect, body))).toEqual([
        { code: "missing-required", path: `${root}.state` },
      ]);
    });

    it(`${dialect}: an enumeration value in the wrong case is rejected`, () => {
      const findings = getResponse(dialect, { ...model(dialect), state: "active" });
      expect(codesAndPaths(findings)).toEqual([{ code: "not-in-enum", path: `${root}.state` }]);
    });

    it(`${dialect}: a date-time without a zone is rejected`, () => {
      const findings = getResponse(dialect, { ...model(dialect), expiration_time: "2026-11-23T10:15:00" });
      expect(codesAndPaths(findings)).toEqual([{ code: "bad-format", path: `${root}.expiration_time` }]);
    });

    it(`${dialect}: a map in the other dialect's encoding is rejected`, () => {
      const other = model(dialect === "rest" ? "api" : "rest");
      const findings = getResponse(dialect, other);
      expect(codesAndPaths(findings)).toEqual([{ code: "wrong-type", path: `${root}.error_message.params` }]);
    });

    it(`${dialect}: an error body without messages is rejected`, () => {
      const body =
        dialect === "rest"
          ? { type: "com.vmware.vapi.std.errors.not_found", value: {} }
          : { error_type: "NOT_FOUND" };
      const findings = validateResponse(dialect, "updateSession.get", 404, JSON.stringify(body), json);
      const path = dialect === "rest" ? "$.value.messages" : "$.messages";
      expect(codesAndPaths(findings)).toEqual([{ code: "missing-required", path }]);
    });

    it(`${dialect}: an error body with an empty message stack is rejected ("one or more" messages)`, () => {
      const body =
        dialect === "rest"
          ? { type: "com.vmware.vapi.std.errors.not_found", value: { messages: [] } }
          : { error_type: "NOT_FOUND", messages: [] };
      const findings = validateResponse(dialect, "updateSession.get", 404, JSON.stringify(body), json);
      const path = dialect === "rest" ? "$.value.messages" : "$.messages";
      expect(codesAndPaths(findings)).toEqual([{ code: "constraint", path }]);
    });

    it(`${dialect}: an error of a type the status does not carry is rejected`, () => {
      const body =
        dialect === "rest"
          ? { type: "com.vmware.vapi.std.errors.invalid_argument", value: { messages: [message] } }
          : { error_type: "INVALID_ARGUMENT", messages: [message] };
      const findings = validateResponse(dialect, "updateSession.get", 404, JSON.stringify(body), json);
      expect(codesAndPaths(findings)).toEqual([
        { code: "wrong-const", path: dialect === "rest" ? "$.type" : "$.error_type" },
      ]);
    });

    it(`${dialect}: a status the documents do not give is a finding`, () => {
      const findings = validateResponse(dialect, "updateSession.get", 418, "{}", json);
      expect(codesAndPaths(findings)).toEqual([{ code: "undocumented-status", path: "$" }]);
    });

    it(`${dialect}: JSON declared as text/plain is a finding`, () => {
      const wrapped = dialect === "rest" ? { value: model(dialect) } : model(dialect);
      const findings = validateResponse(dialect, "updateSession.get", 200, JSON.stringify(wrapped), {
        "content-type": "text/plain",
      });
      expect(codesAndPaths(findings)).toEqual([{ code: "wrong-content-type", path: "$" }]);
    });

    it(`${dialect}: a body that is not JSON is a finding, not an exception`, () => {
      const findings = validateResponse(dialect, "updateSession.get", 200, "<html>oops</html>", json);
      expect(codesAndPaths(findings)).toEqual([{ code: "invalid-json", path: "$" }]);
    });
  }

  it("rest: a result not wrapped in value is rejected", () => {
    const findings = validateResponse("rest", "updateSession.get", 200, JSON.stringify(model("rest")), json);
    expect(codesAndPaths(findings)).toContainEqual({ code: "missing-required", path: "$.value" });
  });

  it("api: a result wrapped in value is rejected", () => {
    const findings = validateResponse(
      "api",
      "updateSession.get",
      200,
      JSON.stringify({ value: model("api") }),
      json,
    );
    expect(codesAndPaths(findings)).toContainEqual({ code: "missing-required", path: "$.library_item_id" });
  });

  it("void results: rest 200 and api 204 must have an empty body", () => {
    expect(validateResponse("rest", "updateSession.complete", 200, "")).toEqual([]);
    expect(validateResponse("api", "updateSession.complete", 204, "")).toEqual([]);
    expect(codesAndPaths(validateResponse("api", "updateSession.complete", 204, "{}", json))).toEqual([
      { code: "unexpected-body", path: "$" },
    ]);
    expect(codesAndPaths(validateResponse("api", "updateSession.complete", 200, "", json))).toEqual([
      { code: "undocumented-status", path: "$" },
    ]);
  });

  it("api create: 201 with a JSON string id; 200 is not the documented status", () => {
    expect(validateResponse("api", "updateSession.create", 201, '"session-1"', json)).toEqual([]);
    expect(validateResponse("api", "updateSession.create", 200, '"session-1"', json)[0]?.code).toBe(
      "undocumented-status",
    );
  });

  it("requests: a create without the library item is rejected in both dialects", () => {
    expect(codesAndPaths(validateRequest("api", "updateSession.create", {}))).toEqual([
      { code: "missing-required", path: "$.library_item_id" },
    ]);
    expect(codesAndPaths(validateRequest("rest", "updateSession.create", { create_spec: {} }))).toEqual([
      { code: "missing-required", path: "$.create_spec.library_item_id" },
    ]);
  });

  it("an unknown operation id or path is a finding, not an exception", () => {
    expect(validateResponse("api", "no.such.operation", 200, "")[0]?.code).toBe("unknown-operation");
    expect(validateExchange("api", "GET", "/api/no/such/path", 200, "")[0]?.code).toBe("unknown-operation");
  });
});

describe("requests are matched to operations by method, path and action", () => {
  it("rest: the id form, the action form and the 2014 body form of get are three operations", async () => {
    const { matchOperation } = await import("../spec/index.ts");
    const base = "/rest/com/vmware/content/library/item/update-session";
    expect(matchOperation("rest", "GET", `${base}/id:abc`)?.operation.operationId).toBe("updateSession.get");
    expect(matchOperation("rest", "GET", `${base}/id:abc`)?.pathParameters).toEqual({
      update_session_id: "abc",
    });
    expect(matchOperation("rest", "POST", `${base}/id:abc?~action=get`)?.operation.operationId).toBe(
      "updateSession.get.idAction",
    );
    expect(matchOperation("rest", "POST", `${base}?~action=get`)?.operation.operationId).toBe(
      "updateSession.get.bodyAction",
    );
    expect(matchOperation("rest", "POST", `${base}/id:abc?~action=complete`)?.operation.operationId).toBe(
      "updateSession.complete",
    );
    expect(matchOperation("rest", "POST", `${base}/id:abc?~action=keep-alive`)?.operation.operationId).toBe(
      "updateSession.keepAlive",
    );
  });

  it("api: actions use ?action= and ids are bare path segments", async () => {
    const { matchOperation } = await import("../spec/index.ts");
    const base = "/api/content/library/item/update-session";
    expect(matchOperation("api", "POST", `${base}/abc?action=cancel`)?.operation.operationId).toBe(
      "updateSession.cancel",
    );
    expect(matchOperation("api", "GET", `${base}/abc/file/a%2Fb.ovf`)?.pathParameters).toEqual({
      update_session_id: "abc",
      file_name: "a/b.ovf",
    });
    expect(matchOperation("api", "POST", `${base}/abc?action=no-such-action`)).toBeUndefined();
    // Also matches /api/content/library/item/{library_item_id}; the more literal template must win.
    expect(matchOperation("api", "GET", base)?.operation.operationId).toBe("updateSession.list");
    expect(matchOperation("api", "GET", "/api/content/library/item/item-1")?.operation.operationId).toBe(
      "library.item.get",
    );
  });
});

/** An error body of one type in a dialect's shape. */
function errorBody(dialect: Dialect, type: string): string {
  return JSON.stringify(
    dialect === "rest"
      ? { type: `com.vmware.vapi.std.errors.${type}`, value: { messages: [message] } }
      : { error_type: type.toUpperCase(), messages: [message] },
  );
}

describe("statuses the errata allow where the documents disagree", () => {
  for (const dialect of ["rest", "api"] as const) {
    it(`${dialect}: create's resource_busy is accepted with 400 and with 500 (E09)`, () => {
      for (const status of [400, 500]) {
        const findings = validateResponse(
          dialect,
          "updateSession.create",
          status,
          errorBody(dialect, "resource_busy"),
          json,
        );
        expect(findings, `${status}`).toEqual([]);
      }
    });
  }

  it("fail's not_allowed_in_current_state may be 409 in rest, never in api (E10)", () => {
    const conflict = (dialect: Dialect) =>
      validateResponse(
        dialect,
        "updateSession.fail",
        409,
        errorBody(dialect, "not_allowed_in_current_state"),
        json,
      );
    expect(conflict("rest")).toEqual([]);
    expect(conflict("api")).not.toEqual([]);
  });
});
