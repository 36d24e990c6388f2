import { describe, expect, it } from "vitest";
import { inBothDialects, runAgainstFaults, withStatus } from "./support/run-against-faults.ts";

// A step records what the target produced before asserting on it: a deviation in an answer fails the check
// that owns it, and the checks after it still run on what the target did produce.

describe("lifecycle checks after a deviating answer", { timeout: 300_000 }, () => {
  it("file add without bytes_transferred: only file add and the schema check fail, nothing is blocked", async () => {
    const outcome = await runAgainstFaults(["file-add-no-bytes-transferred"], "lifecycle");
    expect(outcome.code).toBe(1);
    expect(withStatus(outcome, "blocked")).toEqual([]);
    expect(withStatus(outcome, "fail")).toEqual(
      inBothDialects(["lifecycle.file.add-push", "protocol.response-schema"]),
    );
  });

  it("success answered with undocumented statuses: the id create returned is used, nothing is blocked", async () => {
    const outcome = await runAgainstFaults(["wrong-success-codes"], "lifecycle");
    expect(outcome.code).toBe(1);
    expect(withStatus(outcome, "blocked")).toEqual([]);
    // The owners of the deviating answers fail; the checks that read what those calls did pass.
    expect(withStatus(outcome, "fail")).toEqual(
      [
        "lifecycle.complete.done",
        "lifecycle.create.returns-id",
        // Its own deletes of a CANCELED and an ERROR session are answered with the undocumented status too.
        "lifecycle.delete.after-canceled-or-error",
        "lifecycle.delete.after-done",
        "lifecycle.file.add-push",
        "protocol.response-schema",
      ].map((id) => `${id} [api]`),
    );
    expect(withStatus(outcome, "pass")).toContain("lifecycle.get.after-delete [api]");
  });

  it("a check whose value is really absent is blocked with a message naming exactly that value", async () => {
    const outcome = await runAgainstFaults(["file-add-no-upload-endpoint"], "lifecycle");
    const upload = outcome.results?.checks.find(
      (check) => check.id === "lifecycle.upload.ready" && check.dialect === "rest",
    );
    expect(upload?.status).toBe("blocked");
    expect(upload?.message).toBe(
      "needs the upload_endpoint.uri of the file add of lifecycle.file.add-push, which an earlier step did not produce",
    );
  });
});
