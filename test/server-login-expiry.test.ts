import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { login, authenticate } from "../server/operations/auth.ts";
import { OperationError } from "../server/operations/errors.ts";
import { Store } from "../server/state/store.ts";
import { admin, useReferenceServer } from "./support/reference-server.ts";

// Login sessions (vmware-api-session-id tokens) expire after an idle time, as on vCenter, so a long-lived
// server used as a CI mock does not keep every token it ever issued.

const basic = `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString("base64")}`;

function storeWithClock(loginIdleTimeoutMs?: number) {
  let now = Date.parse("2025-01-01T00:00:00.000Z");
  const store = new Store({
    clock: { now: () => now },
    idleTimeoutMs: 300_000,
    ...(loginIdleTimeoutMs === undefined ? {} : { loginIdleTimeoutMs }),
    users: [{ ...admin, privileges: undefined }],
  });
  return { store, advance: (ms: number) => (now += ms) };
}

function isUnauthenticated(run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch (error) {
    return error instanceof OperationError && error.kind === "unauthenticated";
  }
}

describe("login session idle expiry against an injected clock", () => {
  it("keeps a token for 30 minutes of disuse by default and forgets it one millisecond later", () => {
    const { store, advance } = storeWithClock();
    const token = login(store, basic);
    advance(30 * 60_000);
    expect(authenticate(store, token).username).toBe(admin.username);
    advance(30 * 60_000 + 1);
    expect(isUnauthenticated(() => authenticate(store, token))).toBe(true);
  });

  it("restarts the idle time on every use", () => {
    const { store, advance } = storeWithClock(1000);
    const token = login(store, basic);
    for (let use = 0; use < 5; use += 1) {
      advance(900);
      authenticate(store, token);
    }
    advance(1001);
    expect(isUnauthenticated(() => authenticate(store, token))).toBe(true);
  });

  it("frees the tokens nobody uses any more on the sweep", () => {
    const { store, advance } = storeWithClock(1000);
    for (let count = 0; count < 5000; count += 1) login(store, basic);
    const kept = login(store, basic);
    expect(store.apiSessionCount).toBe(5001);
    advance(600);
    authenticate(store, kept);
    advance(600);
    store.sweep();
    expect(store.apiSessionCount).toBe(1);
    expect(authenticate(store, kept).token).toBe(kept);
  });
});

describe.each(dialects)("%s: login session idle expiry on the wire", (dialect) => {
  // The server's clock, moved forward by the test: the wire shows the expiry without seconds of waiting.
  let now = Date.now();
  const server = useReferenceServer({ loginIdleTimeoutSeconds: 2, clock: { now: () => now } });

  it("answers a token in use, then unauthenticated once it went unused for the idle time", async () => {
    const wire = await server.wire(dialect);
    for (let use = 0; use < 12; use += 1) {
      if (use > 0) now += 250;
      wire.must(await wire.list(), 200, "list while in use");
    }
    now += 1999;
    wire.must(await wire.list(), 200, "list just inside the idle time");
    now += 2001;
    const expired = await wire.list();
    expect(expired.status, expired.text).toBe(401);
    expect(wire.errorType(expired)).toBe("UNAUTHENTICATED");
    const again = await server.wire(dialect);
    wire.must(await again.list(), 200, "list after logging in again");
  });
});
