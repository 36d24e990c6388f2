import type { ModelCheckId } from "../../src/catalogue/model.checks.ts";
import type { SuiteBuilder } from "../../src/checks/suite.ts";
import { newOvfItem, ovfDescriptor, ovfManifest } from "../../fixtures/ovf.ts";
import { sessionFiles } from "../support/sessions.ts";
import { judgeEach } from "../support/variants.ts";
import {
  addAndUpload,
  createSession,
  itemFileNames,
  readSessionInAnyState,
  sessionParams,
} from "../support/steps.ts";
import { payload } from "../../fixtures/payloads.ts";
import { pushFileSpec } from "../../fixtures/create-specs.ts";
/** OVF items: the order of metadata files in a session and what the item keeps of them. */
export function defineOvfChecks({ check, env }: SuiteBuilder<ModelCheckId>): void {
  check("model.ovf.metadata-after-descriptor", async (t) => {
    const sessionId = await createSession(t, env, await newOvfItem(t, env, "metadata-order"));
    const descriptorName = "order.ovf";
    const descriptor = ovfDescriptor("usc-model-metadata-order");
    await addAndUpload(t, sessionId, descriptorName, descriptor);
    const manifest = payload(ovfManifest({ [descriptorName]: descriptor }));
    // "metadata files such as manifest and certificate file": both kinds are tried, one does not hide the other.
    await judgeEach(
      t,
      "metadata added after the OVF descriptor",
      [
        { label: "a manifest", name: "order.mf" },
        { label: "a certificate", name: "order.cert" },
      ].map(({ label, name }) => ({
        label,
        judge: async () => {
          t.expectError(
            await t.call("updateSession.file.add", {
              params: { update_session_id: sessionId },
              body: pushFileSpec(name, { size: manifest.size }),
            }),
            "not_allowed_in_current_state",
            `file add of ${label} after the OVF descriptor`,
          );
          const names = (await sessionFiles(t, sessionId)).map((entry) => String(entry.name));
          t.expectThat(
            !names.includes(name),
            `the session's files after the refused ${label}`,
            `no ${name}`,
            JSON.stringify(names),
          );
        },
      })),
    );
  });

  check("model.ovf.metadata-not-kept", async (t) => {
    const itemId = await newOvfItem(t, env, "metadata-kept");
    const sessionId = await createSession(t, env, itemId);
    const descriptorName = "kept.ovf";
    const manifestName = "kept.mf";
    const descriptor = ovfDescriptor("usc-model-metadata-kept");
    // Metadata first: a manifest added after the descriptor is refused (model.ovf.metadata-after-descriptor).
    await addAndUpload(t, sessionId, manifestName, ovfManifest({ [descriptorName]: descriptor }));
    await addAndUpload(t, sessionId, descriptorName, descriptor);
    const files = await sessionFiles(t, sessionId);
    const notKept = files.filter((file) => file.keep_in_storage === false).map((file) => String(file.name));
    if (notKept.length === 0) {
      t.skip(
        `no file of the session has keep_in_storage false (the target keeps the manifest: ${JSON.stringify(
          files.map((file) => ({ name: file.name, keep_in_storage: file.keep_in_storage })),
        )}), so no file's absence is required`,
      );
    }
    t.prerequisite(
      await t.call("updateSession.complete", sessionParams(sessionId)),
      "completing the session",
    );
    const state = (await readSessionInAnyState(t, sessionId, "get of the completed session")).state;
    if (state !== "DONE") t.block(`the session is ${String(state)} after complete, not DONE`);
    const onItem = await itemFileNames(t, itemId);
    if (!onItem.includes(descriptorName))
      t.block(`completing the session did not put ${descriptorName} on the item (${JSON.stringify(onItem)})`);
    for (const name of notKept) {
      t.expectThat(
        !onItem.includes(name),
        `the item's files after complete (${name} had keep_in_storage false)`,
        `no ${name}`,
        JSON.stringify(onItem),
      );
    }
  });
}
