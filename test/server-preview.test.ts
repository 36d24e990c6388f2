import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";
import type { Wire } from "./support/update-session-wire.ts";

// preview_info: UNAVAILABLE without metadata, PREPARING/AVAILABLE for an OVF descriptor, NOT_APPLICABLE
// while a complete without metadata waits for PULL transfers, absent once the session left ACTIVE.
const server = useReferenceServer();

// A PULL source that holds its answer until released, so a completion is observably in progress.
const held: ServerResponse[] = [];
const source = createServer((_request, response) => held.push(response));
let sourceUrl = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve));
  sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
});
afterAll(async () => {
  source.closeAllConnections();
  await new Promise((resolve) => source.close(resolve));
});

async function previewState(wire: Wire, id: string): Promise<string | undefined> {
  return (await wire.session(id)).preview_info?.state;
}

describe.each(dialects)("%s: preview_info", (dialect) => {
  it("is UNAVAILABLE without metadata files and absent after complete", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    expect(await previewState(wire, id)).toBe("UNAVAILABLE");
    await wire.pushFile(id, "disk.vmdk", "data");
    expect(await previewState(wire, id)).toBe("UNAVAILABLE");
    wire.must(await wire.complete(id), wire.voidStatus, "complete");
    expect((await wire.session(id)).preview_info).toBeUndefined();
  });

  it("is PREPARING while the OVF descriptor uploads and AVAILABLE, without certificate, once it is READY", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const descriptor = await wire.addPushFile(id, { name: "vm.ovf" });
    expect(await previewState(wire, id)).toBe("PREPARING");
    wire.must(await wire.upload(descriptor.upload_endpoint?.uri ?? "", "<Envelope/>"), 200, "upload");
    const preview = (await wire.session(id)).preview_info as { state: string; certificate_info?: unknown };
    expect(preview.state).toBe("AVAILABLE");
    expect(preview.certificate_info).toBeUndefined();
  });

  it("is NOT_APPLICABLE while a complete without metadata waits for a PULL transfer, then the session is DONE", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const id = await wire.createId(itemId);
    const waiting = held.length;
    wire.must(
      await wire.addFile(id, {
        name: "disk.vmdk",
        source_type: "PULL",
        source_endpoint: { uri: `${sourceUrl}/disk.vmdk` },
      }),
      wire.createdStatus,
      "PULL add",
    );
    while (held.length === waiting) await sleep(10);
    wire.must(await wire.complete(id), wire.voidStatus, "complete");
    const completing = await wire.session(id);
    expect(completing.state).toBe("ACTIVE");
    expect(completing.preview_info?.state).toBe("NOT_APPLICABLE");
    // A second complete while the first is finishing is refused: exactly one completion.
    expect(wire.errorType(await wire.complete(id))).toBe("NOT_ALLOWED_IN_CURRENT_STATE");

    held.at(-1)?.end("pulled bytes");
    let state = completing.state;
    while (state === "ACTIVE") {
      await sleep(10);
      state = (await wire.session(id)).state;
    }
    expect(state).toBe("DONE");
    expect(await wire.itemFileNames(itemId)).toEqual(["disk.vmdk"]);
  });
});
