import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import type { Reply } from "./support/reference-client.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// Messages with named arguments: not_found names the id, the refusal of an ended session its state and
// since when (a date-time with its format); args is then empty, and rest prints the params map as an array
// of {key, value} where api prints an object (E05).
const server = useReferenceServer();

type Message = { default_message: string; args: string[]; params?: unknown };

function firstMessage(dialect: string, reply: Reply): Message {
  const body = reply.json as { messages?: Message[]; value?: { messages?: Message[] } };
  const messages = dialect === "rest" ? body.value?.messages : body.messages;
  const first = messages?.[0];
  if (first === undefined) throw new Error(`no message in ${reply.text}`);
  return first;
}

/** The params of a message as an object, read in the dialect's own encoding only. */
function paramsIn(dialect: string, message: Message): Record<string, unknown> {
  if (dialect === "rest") {
    expect(Array.isArray(message.params)).toBe(true);
    return Object.fromEntries(
      (message.params as Array<{ key: string; value: unknown }>).map((e) => [e.key, e.value]),
    );
  }
  expect(Array.isArray(message.params)).toBe(false);
  return message.params as Record<string, unknown>;
}

describe.each(dialects)("%s: messages with named arguments", (dialect) => {
  it("not_found carries the unknown id as the named argument id, substituted, with no args", async () => {
    const wire = await server.wire(dialect);
    const unknown = crypto.randomUUID();
    const reply = await wire.get(unknown);
    expect(reply.status).toBe(404);
    const message = firstMessage(dialect, reply);
    expect(message.args).toEqual([]);
    expect(paramsIn(dialect, message)).toEqual({ id: { s: unknown } });
    expect(message.default_message).toContain(unknown);
  });

  it("the refusal of an ended session names its state and the date-time it ended, with a format", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    wire.must(await wire.cancel(id), wire.voidStatus, "cancel");
    const reply = await wire.complete(id);
    expect(reply.status).toBe(400);
    const message = firstMessage(dialect, reply);
    expect(message.args).toEqual([]);
    const params = paramsIn(dialect, message);
    expect(params).toMatchObject({ session: { s: id }, state: { s: "CANCELED" } });
    const endedAt = params.ended_at as { dt: string; format: string };
    expect(endedAt.format).toBe("SHORT_DATE_TIME");
    expect(endedAt.dt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(message.default_message).toContain(endedAt.dt);
  });
});
