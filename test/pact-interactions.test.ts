/**
 * The interaction table without Pact's native library: what it covers, that each request is the wire form
 * the suites' builder gives, that statuses and bodies come from the spec, and how verifier results read.
 */
import { describe, expect, test } from "vitest";
import { operationsOf, type Dialect } from "../spec/index.ts";
import { protectedOperations } from "../src/catalogue/auth.checks.ts";
import { sessionOperations } from "../src/catalogue/not-found.checks.ts";
import { activeOnlyOperations, terminalStates } from "../src/catalogue/wrong-state.checks.ts";
import { buildWireRequest } from "../src/dialects/wire-request.ts";
import { dialectInteractions } from "../src/pact/build-interactions.ts";
import { interactionTable, levelOf } from "../src/pact/interactions.ts";
import { exampleOf, isPactMatcher } from "../src/pact/matchers.ts";
import { parseProviderState, stateName, stateParams } from "../src/pact/provider-states.ts";
import { rfc3339DateTime } from "../src/pact/schema-template.ts";
import { verifyExitCode, type VerifyOutcome } from "../src/pact/verify.ts";
import { parseVerification, verificationLines } from "../src/pact/verify-report.ts";

const table = interactionTable();
const errorsOf = (errorType: string) =>
  table.filter((row) => row.outcome.kind === "error" && row.outcome.errorType === errorType);

describe("coverage", () => {
  test.each(["rest", "api"] as const)(
    "every update-session and file operation of %s succeeds in one row",
    (dialect) => {
      const canonical = [...operationsOf(dialect).values()]
        .filter((op) => op.operationId.startsWith("updateSession.") && op.formOf === undefined)
        .map((op) => op.operationId);
      const succeeding = table.filter((row) => row.outcome.kind === "success").map((row) => row.operationId);
      expect([...succeeding].sort()).toEqual([...canonical].sort());
    },
  );

  test("the documented error cases", () => {
    expect(errorsOf("resource_busy").map((r) => r.operationId)).toEqual(["updateSession.create"]);
    const wrongState = errorsOf("not_allowed_in_current_state");
    for (const { operation } of activeOnlyOperations) {
      for (const { state } of terminalStates) {
        expect(
          wrongState.some(
            (r) => r.operationId === operation && r.state.kind === "session" && r.state.state === state,
          ),
        ).toBe(true);
      }
    }
    expect(wrongState.some((r) => r.operationId === "updateSession.delete")).toBe(true);
    const notFound = errorsOf("not_found").map((r) => r.operationId);
    for (const { operation } of sessionOperations) expect(notFound).toContain(operation);
    expect(errorsOf("invalid_argument").length).toBeGreaterThanOrEqual(3);
    const unauthenticated = errorsOf("unauthenticated");
    expect(unauthenticated.map((r) => r.operationId)).toEqual(
      protectedOperations.map(({ operation }) => operation),
    );
    expect(unauthenticated.every((r) => !r.authenticated)).toBe(true);
  });

  test("every row slices checks the suites declare; SHOULD-level ones only where the suite says so", () => {
    const levels = table.map((row) => [row.key, levelOf(row)] as const);
    expect(levels.filter(([, level]) => level !== "MUST").map(([key]) => key)).toEqual([
      "wrong-state.done.file-add",
      "wrong-state.canceled.file-add",
      "wrong-state.error.file-add",
    ]);
  });
});

describe.each(["rest", "api"] as const)("the %s interactions", (dialect: Dialect) => {
  const interactions = dialectInteractions(dialect);

  test("descriptions are unique within the pact", () => {
    expect(new Set(interactions.map((i) => i.description)).size).toBe(interactions.length);
  });

  test("each request is the wire form buildWireRequest gives the row's call", () => {
    for (const interaction of interactions) {
      const wire = buildWireRequest(dialect, interaction.operation.operationId, interaction.row.call);
      const query = Object.entries(interaction.request.query).map(
        ([name, value]) => `${name}=${encodeURIComponent(String(exampleOf(value)))}`,
      );
      const path = String(exampleOf(interaction.request.path));
      expect(query.length === 0 ? path : `${path}?${query.join("&")}`).toBe(
        wire.pathAndQuery.replace(/%7E/g, "~"),
      );
      expect(interaction.request.method).toBe(wire.method);
      expect(exampleOf(interaction.request.body)).toEqual(wire.body);
    }
  });

  test("ids exist only at verification time: every example id in a request is a provider-state value", () => {
    for (const interaction of interactions) {
      const text = JSON.stringify({
        path: interaction.request.path,
        query: interaction.request.query,
        body: interaction.request.body,
      });
      if (
        interaction.row.state.kind === "session" &&
        interaction.row.call.params?.["update_session_id"] !== undefined
      ) {
        expect(text).toContain("${sessionId}");
      }
    }
  });

  test("statuses are documented for the operation, and the state is one usc can parse back", () => {
    for (const interaction of interactions) {
      const status = interaction.response.status;
      const statuses = isPactMatcher(status) ? (status["status"] as number[]) : [status];
      for (const s of statuses) expect(interaction.operation.responses.has(s)).toBe(true);
      const { name, params } = interaction.providerState;
      expect(parseProviderState(name, params)).toEqual(interaction.row.state);
      expect(name).toBe(stateName(interaction.row.state));
      expect(params).toEqual(stateParams(interaction.row.state, dialect));
    }
  });
});

test("the date-time pattern takes RFC 3339 with a zone, and nothing without one", () => {
  const pattern = new RegExp(rfc3339DateTime);
  for (const ok of [
    "2030-01-01T12:00:00Z",
    "2030-01-01T12:00:00.123456+02:00",
    "2030-01-01T12:00:00.5-05:30",
  ]) {
    expect(pattern.test(ok)).toBe(true);
  }
  for (const bad of ["2030-01-01T12:00:00", "2030-01-01 12:00:00Z", "2030-01-01T12:00Z"])
    expect(pattern.test(bad)).toBe(false);
});

describe("reading the verifier's result", () => {
  const json = JSON.stringify({
    result: false,
    interactionResults: [
      { description: "get of an ACTIVE session returns its model", result: "OK" },
      { description: "complete on a DONE session fails with not_allowed_in_current_state", result: "Error" },
      { description: "file add on a DONE session fails with not_allowed_in_current_state", result: "Error" },
      { description: "cancel of an ACTIVE session succeeds", result: "Error" },
    ],
    errors: [
      {
        interaction:
          "Verifying a pact between c and p Given an update session in state DONE exists - complete on a DONE session fails with not_allowed_in_current_state",
        mismatch: {
          type: "mismatches",
          mismatches: [
            { type: "BodyMismatch", path: "/", mismatch: "Expected body Present(135 bytes) but was empty" },
            { type: "StatusMismatch", expected: 400, actual: 204, mismatch: "expected 400 but was 204" },
          ],
        },
      },
      {
        interaction: "Verifying a pact between c and p Given x - cancel of an ACTIVE session succeeds",
        mismatch: {
          type: "mismatches",
          mismatches: [{ type: "StatusMismatch", expected: 204, actual: 599 }],
        },
      },
    ],
    pendingErrors: [
      {
        interaction: "x - file add on a DONE session fails with not_allowed_in_current_state",
        mismatch: {
          type: "mismatches",
          mismatches: [{ type: "StatusMismatch", expected: 400, actual: 201 }],
        },
      },
    ],
    output: ["\u001b[1mVerifying\u001b[0m"],
  });
  const reason = "provider state 'x' (api) could not be set up: token-123 refused";
  const parsed = parseVerification(json, [reason]);

  test("one verdict per interaction: passed, failed (status first), pending, not verified with its reason", () => {
    expect(parsed.verdicts.map((v) => v.status)).toEqual([
      "passed",
      "failed",
      "pending-failed",
      "unverified",
    ]);
    expect(parsed.verdicts[1]?.mismatches).toEqual([
      "status: expected 400, got 204",
      "body /: Expected body Present(135 bytes) but was empty",
    ]);
    expect(parsed.verdicts[3]?.reason).toBe(reason);
    expect(parsed.output).toEqual(["Verifying"]);
  });

  test("the printed lines name each interaction and never a secret", () => {
    const lines = verificationLines({ label: "api.json", verdicts: parsed.verdicts }, ["token-123"]).join(
      "\n",
    );
    expect(lines).toContain("FAIL complete on a DONE session fails with not_allowed_in_current_state");
    expect(lines).toContain("WARN file add on a DONE session");
    expect(lines).toContain("NOT VERIFIED cancel of an ACTIVE session succeeds");
    expect(lines).toContain("api.json: 4 interactions: 1 passed, 1 failed, 1 pending failed, 1 not verified");
    expect(lines).not.toContain("token-123");
  });

  test("exit codes: a failure is 1; otherwise anything unverified or left behind is 2; else 0", () => {
    const outcome = (statuses: string[], problems: string[] = []): VerifyOutcome => ({
      runId: "r",
      target: "t",
      fatal: undefined,
      problems,
      secrets: [],
      verifications: [
        {
          source: "s",
          dialect: "api",
          output: [],
          verdicts: statuses.map((status) => ({
            description: status,
            status: status as "passed",
            mismatches: [],
          })),
        },
      ],
    });
    expect(verifyExitCode(outcome(["passed", "pending-failed"]))).toBe(0);
    expect(verifyExitCode(outcome(["passed", "failed", "unverified"]))).toBe(1);
    expect(verifyExitCode(outcome(["passed", "unverified"]))).toBe(2);
    expect(verifyExitCode(outcome(["passed"], ["cleanup: item x left behind"]))).toBe(2);
    expect(verifyExitCode({ ...outcome(["passed"]), fatal: "unreachable" })).toBe(2);
  });
});
