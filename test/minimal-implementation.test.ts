import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMinimalServer, type MinimalServer } from "./support/minimal-server/server.ts";
import type { UscRunOutcome } from "../scripts/support/run-embedded.ts";
import { runUscInProcess } from "./support/usc-in-process.ts";

// Specificity on an implementation the suite was not written beside (issue 9): a second, minimal server
// written from the documents must get no failure, no blocked check and no error from `usc run`, and the only
// skips are the checks of forms the documents give to the rest dialect alone.
const apiOnly2014Forms = [
  "model.query-form.get",
  "post-vs-get.complete.body-action",
  "post-vs-get.complete.query-form",
  "post-vs-get.fail.body-action",
  "post-vs-get.file-list.body-action",
  "post-vs-get.file-list.id-action",
  "post-vs-get.file-remove.body-action",
  "post-vs-get.get.body-action",
  "post-vs-get.get.id-action",
  "post-vs-get.list.body-action",
  "post-vs-get.list.id-action",
].map((id) => `api ${id}`);

async function runAgainst(server: MinimalServer, extra: string[] = []): Promise<UscRunOutcome> {
  const [admin, other, limited] = server.users;
  return runUscInProcess(["--target", server.url, ...extra], {
    timeoutMs: 280_000,
    env: {
      USC_USERNAME: admin?.name,
      USC_PASSWORD: admin?.password,
      USC_OTHER_USERNAME: other?.name,
      USC_OTHER_PASSWORD: other?.password,
      USC_LIMITED_USERNAME: limited?.name,
      USC_LIMITED_PASSWORD: limited?.password,
    },
  });
}

const notPassed = (run: UscRunOutcome) =>
  (run.results?.checks ?? [])
    .filter((c) => c.status !== "pass" && c.status !== "skip")
    .map((c) => `${c.dialect} ${c.id}: ${c.status} ${c.message}`);
const skipped = (run: UscRunOutcome, except: RegExp = /(?!)/) =>
  (run.results?.checks ?? [])
    .filter((c) => c.status === "skip" && !except.test(c.id))
    .map((c) => `${c.dialect} ${c.id}`)
    .sort();
// Checks that wait for a session to expire skip where the idle timeout is the default five minutes.
const waitsForExpiry = /^expiry\./;

// Two readings at once: the plain reading of the documents, and the same server giving the other documented
// answer wherever the documents allow two (errata E01, E04, E07, E09, E10, E24, E30, E32, PULL complete
// returning early, uploads by PUT only). A check that holds one of them to a choice the documents leave open
// fails here. The whole suite runs against servers with the default five-minute idle timeout, so a slow
// machine cannot expire a session between two steps of a check; the expiry suite runs again with a 5 s
// idle timeout and --idle-timeout, for the checks that wait for a session to expire.
// The runs are verdicts of `usc run`, not of its process: they run in this process
// (test/support/usc-in-process.ts), side by side, so the expiry runs' waits for the idle timeout overlap
// each other and the other runs' work: 16 to 34 s for the file under a load average of 7 to 10, where
// taking turns took 31 to 44 s (processes side by side cost 2.7 CPU-seconds more).
describe("usc run against the minimal implementation", { timeout: 300_000 }, () => {
  let servers: MinimalServer[] = [];
  let runs: UscRunOutcome[] = [];
  // What the process warned of while the runs ran (Node prints these on the user's terminal).
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);

  beforeAll(async () => {
    process.on("warning", onWarning);
    servers = await Promise.all([
      startMinimalServer(),
      startMinimalServer({ alternatives: true }),
      startMinimalServer({ idleTimeoutSeconds: 5 }),
      startMinimalServer({ idleTimeoutSeconds: 5, alternatives: true }),
    ]);
    const expiry = ["--suite", "expiry", "--idle-timeout", "5"];
    try {
      runs = await Promise.all(servers.map((s, i) => runAgainst(s, i < 2 ? [] : expiry)));
    } finally {
      process.off("warning", onWarning);
    }
  }, 300_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  // A target given by URL gets every suite instance at once by default (24), as in the two full runs here:
  // each request in flight listens to the run's interrupt signal, more than Node's 10 before it warns of a
  // leak, so usc raises the signal's limit. Node warns through the process's 'warning' event, in this
  // process as in usc's own.
  it("warns of no listener leak at a remote target's default concurrency", () => {
    expect(runs.slice(0, 2).map((run) => run.results?.checks.length)).not.toContain(undefined);
    expect(warnings.filter((warning) => /MaxListenersExceededWarning/.test(warning))).toEqual([]);
    for (const run of runs) expect(run.stderr).not.toMatch(/MaxListenersExceededWarning/);
  });

  it("exits 0 with verdict pass, both dialects, no run error", () => {
    for (const run of runs) {
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(run.code).toBe(0);
      expect(run.results?.dialects).toEqual(["rest", "api"]);
      expect(run.stdout).toMatch(/0 fail, 0 warn, \d+ skip, 0 blocked, 0 error;.*verdict PASS/);
      expect(run.results?.runErrors).toEqual([]);
    }
  });

  it("has no failing, warning, blocked or errored check", () => {
    for (const run of runs) expect(notPassed(run)).toEqual([]);
  });

  it("skips only the 2014 forms in the api dialect, the previews of signed content (and POST uploads where the server takes PUT only)", () => {
    const [plain, alternative, plainExpiry, alternativeExpiry] = runs as [
      UscRunOutcome,
      UscRunOutcome,
      UscRunOutcome,
      UscRunOutcome,
    ];
    // Neither server shows NOT_APPLICABLE after complete: the plain one's complete waits for a PULL to land,
    // the alternative one shows preview_info only where there is an OVF descriptor (E30). An absent
    // preview_info after complete is accepted (E25), and the check skips: nothing is left to judge.
    const noPreviewAfterComplete = [
      "api preview.not-applicable.after-complete",
      "rest preview.not-applicable.after-complete",
    ];
    // Neither reads signatures: the preview of a signed OVF package stays unsigned (a MAY), so the checks
    // of signed content skip.
    const noSignedPreview = [
      "cert-chain",
      "certificate-info",
      "details-when-available",
      "ignored-warning-completes",
      "unignored-warning-fails-complete",
      "warning-members",
    ].flatMap((check) => ["api", "rest"].map((dialect) => `${dialect} preview.signed.${check}`));
    expect(skipped(plain, waitsForExpiry)).toEqual(
      [...apiOnly2014Forms, ...noPreviewAfterComplete, ...noSignedPreview].sort(),
    );
    expect(skipped(alternative, waitsForExpiry)).toEqual(
      [
        ...apiOnly2014Forms,
        ...noPreviewAfterComplete,
        ...noSignedPreview,
        "api model.upload.post",
        "rest model.upload.post",
      ].sort(),
    );
    // What the full runs skipped for want of --idle-timeout, the expiry runs ran and passed.
    const waited = skipped(plain).filter((id) => !skipped(plain, waitsForExpiry).includes(id));
    expect(waited.length).toBeGreaterThan(0);
    for (const run of [plainExpiry, alternativeExpiry]) {
      expect(skipped(run)).toEqual([]);
      const passed = (run.results?.checks ?? [])
        .filter((c) => c.status === "pass")
        .map((c) => `${c.dialect} ${c.id}`);
      for (const id of waited) expect(passed).toContain(id);
    }
    // The option-gated checks ran: a second user and a limited user were given.
    const ran = new Set((plain.results?.checks ?? []).filter((c) => c.status === "pass").map((c) => c.id));
    for (const id of [
      "auth.list.caller-scope",
      "auth.privilege.create-unauthorized",
      "auth.privilege.list-unauthorized",
      "auth.privilege.pull-storage-unauthorized",
    ]) {
      expect(ran).toContain(id);
    }
  });
});

// The 2014 action forms are optional (MAY, errata E23): a target that does not serve them answers 404
// operation_not_found, and their checks skip. protocol.response-schema judges those answers at the level of
// the check that owns the request, which accepted them: set aside, not failed.
describe("usc run against the minimal implementation without the 2014 forms", { timeout: 300_000 }, () => {
  let server: MinimalServer;
  let run: UscRunOutcome;

  beforeAll(async () => {
    server = await startMinimalServer({ without2014Forms: true });
    run = await runAgainst(server, ["--dialect", "rest", "--check", "post-vs-get.*,model.query-form.get"]);
  }, 300_000);

  afterAll(async () => {
    await server.close();
  });

  it("skips the checks of the forms it does not serve", () => {
    const owned = skipped(run).filter(
      (id) => !id.includes("cross-dialect") && !id.includes("protocol.response-schema"),
    );
    expect(owned).toHaveLength(11);
  });

  it("and fails nothing: the schema check judges those answers at the owning checks' level", () => {
    expect(notPassed(run)).toEqual([]);
    expect(run.code).toBe(0);
  });
});

describe("the minimal implementation", () => {
  it("is not derived from the reference server: nothing in it imports server/ or src/", () => {
    const dir = new URL("./support/minimal-server/", import.meta.url);
    for (const file of readdirSync(dir)) {
      const text = readFileSync(new URL(file, dir), "utf8");
      expect(text, file).not.toMatch(/from\s+["'][^"']*\/(server|src)\//);
    }
  });
});
