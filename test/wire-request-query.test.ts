import { describe, expect, it } from "vitest";
import { buildWireRequest } from "../src/dialects/wire-request.ts";

describe("buildWireRequest with query parameters (the 2014 query-string representation)", () => {
  it("puts them in the query string after the action, and sends no body", () => {
    const wire = buildWireRequest("rest", "updateSession.get.bodyAction", {
      query: { update_session_id: "obj-103" },
    });
    expect(wire.method).toBe("POST");
    expect(wire.pathAndQuery).toBe(
      "/rest/com/vmware/content/library/item/update-session?~action=get&update_session_id=obj-103",
    );
    expect(wire.body).toBeUndefined();
  });

  it("leaves the body form of the same operation as it was", () => {
    const wire = buildWireRequest("rest", "updateSession.get.bodyAction", {
      params: { update_session_id: "obj-103" },
    });
    expect(wire.pathAndQuery).toBe("/rest/com/vmware/content/library/item/update-session?~action=get");
    expect(wire.body).toEqual({ update_session_id: "obj-103" });
  });
});
