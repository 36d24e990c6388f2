import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// keep_alive's client_progress: raised on request, never lowered, bounded by 100.
const server = useReferenceServer();

describe.each(dialects)("%s: keep_alive and client_progress", (dialect) => {
  it("raises the progress, ignores a lower value and leaves it alone without a body", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    wire.must(await wire.keepAlive(id, 40), wire.voidStatus, "keep-alive 40");
    expect((await wire.session(id)).client_progress).toBe(40);
    wire.must(await wire.keepAlive(id, 10), wire.voidStatus, "keep-alive 10");
    expect((await wire.session(id)).client_progress).toBe(40);
    wire.must(await wire.keepAlive(id), wire.voidStatus, "keep-alive without progress");
    expect((await wire.session(id)).client_progress).toBe(40);
    wire.must(await wire.keepAlive(id, 100), wire.voidStatus, "keep-alive 100");
    expect((await wire.session(id)).client_progress).toBe(100);
  });

  it("answers invalid_argument to a progress above 100 or below 0 and keeps the current value", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    wire.must(await wire.keepAlive(id, 5), wire.voidStatus, "keep-alive 5");
    for (const progress of [101, -1]) {
      const reply = await wire.keepAlive(id, progress);
      expect(reply.status).toBe(400);
      expect(wire.errorType(reply)).toBe("INVALID_ARGUMENT");
    }
    expect((await wire.session(id)).client_progress).toBe(5);
  });
});
