import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// fail ends the session in ERROR and records the client's message, untranslated.
const server = useReferenceServer();

describe.each(dialects)("%s: update session fail", (dialect) => {
  it("records the client's message in error_message", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const message = "The source disk went away: überraschung!";
    wire.must(await wire.fail(id, message), wire.voidStatus, "fail");
    const session = await wire.session(id);
    expect(session.state).toBe("ERROR");
    expect(session.error_message).toMatchObject({ default_message: message, args: [message] });
    expect(typeof session.error_message?.id).toBe("string");
  });
});
