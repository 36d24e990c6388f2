import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// A subscribed library item, obtained through documented calls (publish, subscribe), refuses update sessions.
const server = useReferenceServer();

describe.each(dialects)("%s: subscribed library items", (dialect) => {
  it("mirrors a published library and answers invalid_element_type to create on its items", async () => {
    const wire = await server.wire(dialect);
    const publishedId = await wire.createLibrary({ published: true });
    const sourceItem = await wire.createItem(publishedId, "template");
    const published = wire.value<{ publish_info: { published: boolean; publish_url: string } }>(
      wire.must(await wire.getLibrary(publishedId), 200, "get published library"),
    );
    expect(published.publish_info.published).toBe(true);

    const subscribedId = await wire.createSubscribedLibrary(published.publish_info.publish_url);
    const subscribed = wire.value<{ type: string; subscription_info: { subscription_url: string } }>(
      wire.must(await wire.getLibrary(subscribedId, "subscribed"), 200, "get subscribed library"),
    );
    expect(subscribed.type).toBe("SUBSCRIBED");
    const [mirrorId] = wire.value<string[]>(wire.must(await wire.listItems(subscribedId), 200, "item list"));
    expect(mirrorId).toBeDefined();
    const mirror = wire.value<{ source_id: string; library_id: string }>(
      wire.must(await wire.getItem(mirrorId ?? ""), 200, "item get"),
    );
    expect(mirror).toMatchObject({ source_id: sourceItem, library_id: subscribedId });

    const reply = await wire.create(mirrorId ?? "");
    expect(reply.status).toBe(400);
    expect(wire.errorType(reply)).toBe("INVALID_ELEMENT_TYPE");
    expect(wire.value(wire.must(await wire.list(mirrorId), 200, "list"))).toEqual([]);
  });

  it("picks up new published items on sync and refuses to delete mirrored items", async () => {
    const wire = await server.wire(dialect);
    const publishedId = await wire.createLibrary({ published: true });
    const url = wire.value<{ publish_info: { publish_url: string } }>(await wire.getLibrary(publishedId))
      .publish_info.publish_url;
    const subscribedId = await wire.createSubscribedLibrary(url);
    expect(wire.value(await wire.listItems(subscribedId))).toEqual([]);
    await wire.createItem(publishedId);
    wire.must(await wire.syncLibrary(subscribedId), wire.voidStatus, "sync");
    const [mirrorId] = wire.value<string[]>(await wire.listItems(subscribedId));
    const refused = await wire.deleteItem(mirrorId ?? "");
    expect(refused.status).toBe(400);
    expect(wire.errorType(refused)).toBe("INVALID_ELEMENT_TYPE");
  });

  it("answers invalid_argument to a subscription URL that is not a published library of this server", async () => {
    const wire = await server.wire(dialect);
    const unpublished = await wire.createLibrary();
    for (const url of [
      "https://elsewhere.example/lib.json",
      `${server.url}/cls/vcsp/lib/${unpublished}/lib.json`,
    ]) {
      const reply = await wire.createSubscribedLibraryReply(url);
      expect(reply.status).toBe(400);
      expect(wire.errorType(reply)).toBe("INVALID_ARGUMENT");
    }
  });
});
