import type { CheckContext } from "../src/checks/check-context.ts";
import { defineSuite } from "../src/checks/suite.ts";
import { previewCatalogue } from "../src/catalogue/preview.checks.ts";
import { newOvfItem, ovfDescriptor } from "../fixtures/ovf.ts";
import { servePullSource } from "../fixtures/pull-source.ts";
import { endSession, sleep, type TerminalState } from "./support/sessions.ts";
import { previewOf, settleMs, waitForPreview } from "./preview/read-preview.ts";
import { defineSignedPreviewChecks } from "./preview/signed.ts";
import {
  addPushFileForUpload,
  addAndUpload,
  createSession,
  readSession,
  readSessionInAnyState,
  sessionParams,
} from "./support/steps.ts";
import { declared, payload } from "../fixtures/payloads.ts";

/**
 * preview_info. One suite whose checks of signed content live in suites/preview/signed.ts; the order of
 * the calls is the catalogue's order.
 */
export const previewSuite = defineSuite(previewCatalogue, (builder) => {
  const { check, env } = builder;
  /** preview_info absent, or present with state UNAVAILABLE. */
  function expectUnavailable(t: CheckContext, model: Record<string, unknown>, when: string): void {
    const preview = model.preview_info;
    t.expectThat(
      preview === undefined || previewOf(model)?.state === "UNAVAILABLE",
      `preview_info ${when}`,
      "absent, or with state UNAVAILABLE",
      JSON.stringify(preview),
    );
  }

  check("preview.unavailable.without-metadata", async (t) => {
    const sessionId = await createSession(t, env, await env.newItem(t, "unavailable"));
    expectUnavailable(t, await readSession(t, sessionId), "of a new session without files");
    await addAndUpload(t, sessionId, "plain.txt", "update session conformance: no metadata here\n");
    expectUnavailable(t, await readSession(t, sessionId), "of a session holding one plain (.txt) file");
  });

  check("preview.absent-outside-active", async (t) => {
    const states: TerminalState[] = ["DONE", "CANCELED", "ERROR"];
    for (const state of states) {
      const sessionId = await createSession(t, env, await env.newItem(t, `absent-${state.toLowerCase()}`));
      await endSession(t, sessionId, state);
      const model = await readSessionInAnyState(t, sessionId, `get of the session ended ${state}`);
      if (model.state !== state)
        t.block(`the session is ${String(model.state)}, not ${state}, after ending it`);
      t.expectThat(
        model.preview_info === undefined || model.preview_info === null,
        `preview_info of a ${state} session`,
        "absent (set only while the session is ACTIVE)",
        JSON.stringify(model.preview_info),
      );
    }
  });

  check("preview.not-applicable.after-complete", async (t) => {
    // Erratum E25: preview_info is set only while the session is ACTIVE, so NOT_APPLICABLE can be seen only
    // between complete and the session leaving ACTIVE: while a PULL transfer that complete waits for still
    // runs. The source holds its bytes until that reading is made; once the session has left ACTIVE an
    // absent preview_info is accepted. A target that shows neither reading leaves nothing to judge (skip).
    const name = "pulled-plain.txt";
    const data = payload("update session conformance: completed without metadata\n");
    const source = await servePullSource(name, data.bytes, { holdMs: 5_000 });
    try {
      const sessionId = await createSession(t, env, await env.newItem(t, "not-applicable"));
      const added = await t.call("updateSession.file.add", {
        params: { update_session_id: sessionId },
        body: { name, source_type: "PULL", source_endpoint: { uri: source.url }, ...declared(data) },
      });
      if (!added.success) {
        const reason = `the target does not add a PULL file from ${source.url} (answered ${added.status}), so no completion can be caught before the session leaves ACTIVE`;
        // A PULL refused as not offered (a MAY) is an answer this check accepts, not a schema failure.
        if (added.errorType === "invalid_argument" || added.errorType === "unsupported")
          t.notOffered(added, reason);
        t.skip(reason);
      }
      const completed = await t.call("updateSession.complete", sessionParams(sessionId));
      // A target that cannot reach this machine's source fails the transfer and refuses complete.
      if (!completed.success)
        t.skip(
          `complete was answered ${completed.status} ${completed.errorType ?? ""} (the source was requested ${source.requests()} times), so no completion could be caught before the session left ACTIVE`,
        );
      const completing = await readSessionInAnyState(t, sessionId, "get of the session right after complete");
      source.release();
      let model = completing;
      for (const deadline = Date.now() + settleMs; model.state === "ACTIVE" && Date.now() < deadline;) {
        await sleep(250);
        model = await readSessionInAnyState(t, sessionId, "get of the session after complete");
      }
      const seen = completing.state === "ACTIVE" ? previewOf(completing) : undefined;
      if (seen !== undefined)
        t.expectEqual(
          seen.state,
          "NOT_APPLICABLE",
          "preview_info.state after complete, while the transfer runs",
        );
      const preview = previewOf(model);
      t.expectThat(
        preview === undefined || preview.state === "NOT_APPLICABLE",
        `preview_info after complete (session ${String(model.state)})`,
        "absent, or with state NOT_APPLICABLE",
        JSON.stringify(model.preview_info),
      );
      if (seen === undefined && preview === undefined)
        t.skip(
          `no preview_info after complete (session ${String(completing.state)} right after complete, then ${String(model.state)}): absent is accepted (E25), so nothing shows NOT_APPLICABLE`,
        );
    } finally {
      await source.close();
    }
  });

  check("preview.ovf.preparing-then-available", async (t) => {
    const sessionId = await createSession(t, env, await newOvfItem(t, env, "preparing"));
    const descriptor = payload(ovfDescriptor("usc-preview-preparing"));
    const uri = await addPushFileForUpload(t, sessionId, "preview.ovf", declared(descriptor));
    const waiting = previewOf(await readSession(t, sessionId));
    if (waiting === undefined)
      return t.skip("the target sends no preview_info for a session holding an OVF descriptor");
    if (waiting.state === "UNAVAILABLE")
      return t.skip("the target offers no preview for an OVF descriptor (its preview stays UNAVAILABLE)");
    t.expectEqual(waiting.state, "PREPARING", "preview_info.state while the descriptor is not uploaded");
    const exchange = await t.upload(uri, descriptor.bytes);
    const status = exchange.response?.status ?? 0;
    if (status < 200 || status >= 300) t.block(`uploading the descriptor was answered with status ${status}`);
    const settled = previewOf(await waitForPreview(t, sessionId));
    t.expectEqual(settled?.state, "AVAILABLE", "preview_info.state once the descriptor is uploaded");
  });

  check("preview.ovf.unsigned-no-certificate", async (t) => {
    const sessionId = await createSession(t, env, await newOvfItem(t, env, "unsigned"));
    await addAndUpload(t, sessionId, "unsigned.ovf", ovfDescriptor("usc-preview-unsigned"));
    // Wait for the preview to settle (a target without previews shows none, which holds the rule as well).
    const model = await waitForPreview(t, sessionId);
    const preview = previewOf(model);
    t.expectThat(
      preview === undefined || preview.certificate_info === undefined || preview.certificate_info === null,
      `preview_info of an unsigned OVF descriptor (state ${String(preview?.state)})`,
      "no certificate_info",
      JSON.stringify(model.preview_info),
    );
  });
  defineSignedPreviewChecks(builder);
});
