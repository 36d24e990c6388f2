import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReferenceServerHandle, startReferenceServer } from "../server/index.ts";
import { uscInProcess } from "./support/usc-in-process.ts";
import { catalogues } from "../src/catalogue/index.ts";
import { settingNeeds } from "../src/certify/profile.ts";
import { certificationRun, type CertificationRun } from "./support/certification-run.ts";
import type { RunResult } from "../src/results/model.ts";

// A certification run against a target given by URL: with the second and the limited user it meets the
// profile and its manifest.json holds what docs/manifest.schema.json says; without them it still runs,
// but the profile is not met (exit 3, verdict incomplete) and the bundle names the checks not certified.

const user = { username: "certify@vsphere.local", password: "Certify-Main-1!" };
const otherUser = { username: "certify-other@vsphere.local", password: "Certify-Other-1!" };
const limitedUser = {
  username: "certify-limited@vsphere.local",
  password: "Certify-Limited-1!",
  privileges: ["System.Anonymous", "System.View", "System.Read"],
};
const passwords = [user.password, otherUser.password, limitedUser.password];

const schema = JSON.parse(
  readFileSync(new URL("../docs/manifest.schema.json", import.meta.url), "utf8"),
) as object;

interface ManifestShape {
  options: Record<string, unknown>;
  target: { url: string; dialects: string[]; embedded: boolean };
  transcription: Record<string, Record<string, string>>;
  verdict: {
    verdict: string;
    exitCode: number;
    profile: {
      met: boolean;
      gaps: string[];
      notCertified: { key: string; option: string; required: boolean }[];
    };
  };
  artefacts: { path: string; sha256: string }[];
}

const manifestOf = (outcome: CertificationRun) => outcome.manifest as ManifestShape;
const resultsOf = (outcome: CertificationRun) =>
  JSON.parse(readFileSync(join(outcome.bundleDir, "results.json"), "utf8")) as RunResult & {
    summary: { exitVerdict: string; verdictReasons: string[] };
  };
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("usc run --profile certification against a target", { timeout: 400_000 }, () => {
  let server: ReferenceServerHandle;
  let withUsers: CertificationRun;
  let withoutUsers: CertificationRun;
  beforeAll(async () => {
    server = await startReferenceServer({ ...user, users: [otherUser, limitedUser] });
    const env = { USC_USERNAME: user.username, USC_PASSWORD: user.password };
    [withUsers, withoutUsers] = await Promise.all([
      certificationRun(["--target", server.url, "--concurrency", "4"], {
        timeoutMs: 300_000,
        env: {
          ...env,
          USC_OTHER_USERNAME: otherUser.username,
          USC_OTHER_PASSWORD: otherUser.password,
          USC_LIMITED_USERNAME: limitedUser.username,
          USC_LIMITED_PASSWORD: limitedUser.password,
        },
      }),
      certificationRun(["--target", server.url, "--concurrency", "4"], {
        timeoutMs: 300_000,
        env,
      }),
    ]);
  }, 400_000);
  const workDirs: string[] = [];
  afterAll(async () => {
    for (const dir of [withUsers.workDir, withoutUsers.workDir, ...workDirs])
      rmSync(dir, { recursive: true, force: true });
    await server.close();
  }, 60_000);

  it("meets the profile with both users: exit 0, a manifest valid against docs/manifest.schema.json", () => {
    expect(withUsers.code, withUsers.stderr).toBe(0);
    expect(withUsers.stderr).toContain("certification profile met");
    const manifest = manifestOf(withUsers);
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(manifest) ? [] : validate.errors).toEqual([]);
    expect(validate(manifestOf(withoutUsers)) ? [] : validate.errors).toEqual([]);

    expect(manifest.target).toMatchObject({ url: server.url, embedded: false, dialects: ["rest", "api"] });
    expect(manifest.verdict).toMatchObject({
      verdict: "pass",
      exitCode: 0,
      profile: { met: true, gaps: [] },
    });
    // Only checks the profile does not require may go uncertified (no --idle-timeout was given).
    expect(manifest.verdict.profile.notCertified.filter((entry) => entry.required)).toEqual([]);
    expect(manifest.verdict.profile.notCertified.map((entry) => entry.option)).toContain("--idle-timeout");
    expect(manifest.options).toMatchObject({
      profile: "certification",
      dialect: "auto",
      "other-username": otherUser.username,
      "other-password": "<redacted>",
      "limited-password": "<redacted>",
      password: "<redacted>",
    });
    // results.json carries the same profile outcome and verdict.
    const results = resultsOf(withUsers);
    expect(results.profile).toEqual(manifest.verdict.profile);
    expect(results.summary.exitVerdict).toBe("pass");
  });

  it("hashes every report and the transcription it was judged against", () => {
    const manifest = manifestOf(withUsers);
    const files = readdirSync(withUsers.bundleDir).filter((name) => !name.startsWith("manifest.json"));
    expect(manifest.artefacts.map((artefact) => artefact.path)).toEqual(files.sort());
    expect(files).toEqual(["junit.xml", "report.html", "report.md", "results.json"]);
    for (const artefact of manifest.artefacts)
      expect(artefact.sha256).toBe(sha256(readFileSync(join(withUsers.bundleDir, artefact.path))));
    const spec = (path: string) => sha256(readFileSync(new URL(`../${path}`, import.meta.url)));
    expect(manifest.transcription.openapi).toEqual({
      "spec/openapi/rest.yaml": spec("spec/openapi/rest.yaml"),
      "spec/openapi/api.yaml": spec("spec/openapi/api.yaml"),
    });
    expect(manifest.transcription.requirements).toEqual({
      "spec/requirements.yaml": spec("spec/requirements.yaml"),
    });
  });

  it("writes no password into any file of either bundle", () => {
    for (const outcome of [withUsers, withoutUsers])
      for (const name of readdirSync(outcome.bundleDir)) {
        const text = readFileSync(join(outcome.bundleDir, name), "utf8");
        for (const password of passwords) expect(text.includes(password), `${name}`).toBe(false);
      }
  });

  it("without the second and the limited user: runs, exit 3, the profile not met, the checks named", async () => {
    expect(withoutUsers.code, withoutUsers.stderr).toBe(3);
    expect(withoutUsers.stdout).toMatch(/verdict INCOMPLETE/);
    expect(withoutUsers.stderr).toMatch(/certification profile NOT met: no second user/);
    const manifest = manifestOf(withoutUsers);
    expect(manifest.verdict.verdict).toBe("incomplete");
    expect(manifest.verdict.exitCode).toBe(3);
    expect(manifest.verdict.profile.met).toBe(false);
    expect(manifest.verdict.profile.gaps).toEqual([
      "no second user (--other-username, --other-password): 4 check results not certified",
      expect.stringMatching(
        /^no limited user, one without ContentLibrary\.UpdateSession .*: 6 check results not certified$/,
      ),
    ]);
    const required = manifest.verdict.profile.notCertified.filter((entry) => entry.required);
    const expected = settingNeeds
      .filter((need) => need.required)
      .flatMap((need) => need.checks.flatMap((id) => [id, need.option] as const)).length;
    expect(required.length).toBe((expected * 2) / 2);
    expect(required.map((entry) => entry.key).sort()).toEqual([
      "api/auth/auth.list.caller-scope",
      "api/auth/auth.privilege.create-unauthorized",
      "api/auth/auth.privilege.list-unauthorized",
      "api/auth/auth.privilege.pull-storage-unauthorized",
      "api/model/model.auth.other-user-session-operations",
      "rest/auth/auth.list.caller-scope",
      "rest/auth/auth.privilege.create-unauthorized",
      "rest/auth/auth.privilege.list-unauthorized",
      "rest/auth/auth.privilege.pull-storage-unauthorized",
      "rest/model/model.auth.other-user-session-operations",
    ]);
    const results = resultsOf(withoutUsers);
    expect(results.summary.exitVerdict).toBe("incomplete");
    expect(results.summary.verdictReasons.join("\n")).toMatch(
      /the certification profile is not met: no second user/,
    );

    const verified = await uscInProcess(["bundle", "verify", withoutUsers.bundleDir], { timeoutMs: 60_000 });
    expect(verified.code).toBe(1);
    expect(verified.stderr).toMatch(/the certification profile was not met: no second user/);
  });

  it("names in its table of settings exactly the checks a run without them skips for want of them", () => {
    const ids = new Set(catalogues.flatMap((catalogue) => catalogue.checks.map((check) => check.id)));
    for (const need of settingNeeds) for (const id of need.checks) expect(ids.has(id), id).toBe(true);
    const tabled = new Set<string>(settingNeeds.flatMap((need) => [...need.checks]));
    const skipped = resultsOf(withoutUsers).checks.filter((check) => check.status === "skip");
    // Every entry for a setting the run lacked is skipped in that run...
    for (const need of settingNeeds.filter((n) => n.option !== "--subscribed-item"))
      for (const id of need.checks)
        expect(
          skipped.filter((check) => check.id === id),
          id,
        ).toHaveLength(2);
    // ...the subscribed item is one provisioning finds on the reference server, so its check ran...
    const subscribed = resultsOf(withoutUsers).checks.filter(
      (check) => check.id === "create-conflicts.subscribed-item.invalid-element-type",
    );
    expect(subscribed.map((check) => check.status)).toEqual(["pass", "pass"]);
    // ...and every other skip is a check that does not apply to the dialect, not a missing setting.
    for (const check of skipped.filter((c) => !tabled.has(c.id)))
      expect(check.message, check.id).toMatch(/only in the rest dialect/);
  });

  it("still writes a manifest when the target cannot be reached: verdict incomplete, no dialects learnt", async () => {
    const unreachable = await certificationRun(["--target", "http://127.0.0.1:9", "--timeout", "2000"], {
      env: { USC_USERNAME: user.username, USC_PASSWORD: user.password },
      timeoutMs: 120_000,
    });
    workDirs.push(unreachable.workDir);
    expect(unreachable.code, unreachable.stderr).toBe(3);
    const manifest = unreachable.manifest as ManifestShape;
    expect(manifest.target.dialects).toEqual([]);
    expect(manifest.verdict).toMatchObject({ verdict: "incomplete", exitCode: 3 });
    const verified = await uscInProcess(["bundle", "verify", unreachable.bundleDir], { timeoutMs: 60_000 });
    expect(verified.code).toBe(1);
    expect(verified.stderr).toMatch(/the certification profile was not met|the run's verdict is incomplete/);
  });
});
