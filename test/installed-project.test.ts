import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, keyOf, type InstallRequest } from "./support/installed-project.ts";

// The installed projects of test/support/installed-project.ts are reused across runs: a key that missed a
// change would test a stale install, and a copy that carried a test's files or the package's caches along
// would not start as npm left it.
const root = mkdtempSync(join(tmpdir(), "usc-installed-project-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the key of an installed project", () => {
  const alone: InstallRequest = { name: "consumer", args: ["--omit=dev"], timeoutMs: 1 };
  const withVitest: InstallRequest = { name: "mock", args: ["vitest@4.1.12"], onTopOf: alone, timeoutMs: 1 };

  it("is the same for the same tree and arguments, and changes with either, or with the base's", () => {
    expect(keyOf(alone, "tree-a")).toBe(keyOf({ ...alone, timeoutMs: 2 }, "tree-a"));
    expect(keyOf(alone, "tree-b")).not.toBe(keyOf(alone, "tree-a"));
    expect(keyOf({ ...alone, args: [] }, "tree-a")).not.toBe(keyOf(alone, "tree-a"));
    expect(keyOf(withVitest, "tree-b")).not.toBe(keyOf(withVitest, "tree-a"));
    const otherBase = { ...withVitest, onTopOf: { ...alone, args: [] } };
    expect(keyOf(otherBase, "tree-a")).not.toBe(keyOf(withVitest, "tree-a"));
    expect(keyOf({ ...withVitest, args: ["vitest@4.1.13"] }, "tree-a")).not.toBe(keyOf(withVitest, "tree-a"));
  });
});

describe("a project on top of another", () => {
  it("starts from its packages and manifests, without the tests' folders or the package's caches", () => {
    const from = join(root, "from");
    const write = (path: string, text: string) => {
      mkdirSync(join(from, path, ".."), { recursive: true });
      writeFileSync(join(from, path), text);
    };
    write("package.json", "{}");
    write("package-lock.json", "{}");
    write("update-session-conformance-0.1.0.tgz", "tarball");
    write(".usc-install-complete", "");
    write("node_modules/update-session-conformance/dist/bin/usc.js", "// usc");
    write("node_modules/.cache/update-session-conformance/validators.v8cache", "cache");
    write("type-check-vitest/tsconfig.tsbuildinfo", "{}");
    write("vitest-package-x1/conformance.test.ts", "// a test's file");
    mkdirSync(join(from, "node_modules", ".bin"));
    symlinkSync("../update-session-conformance/dist/bin/usc.js", join(from, "node_modules", ".bin", "usc"));

    const to = join(root, "to");
    copyProject(from, to);
    for (const kept of ["package.json", "package-lock.json", "update-session-conformance-0.1.0.tgz"])
      expect(existsSync(join(to, kept)), kept).toBe(true);
    for (const left of [
      ".usc-install-complete",
      "node_modules/.cache",
      "type-check-vitest",
      "vitest-package-x1",
    ])
      expect(existsSync(join(to, left)), left).toBe(false);
    // The command's link stays relative: it runs the copy's package, not the original's.
    const link = join(to, "node_modules", ".bin", "usc");
    expect(readlinkSync(link)).toBe("../update-session-conformance/dist/bin/usc.js");
    expect(readFileSync(link, "utf8")).toBe("// usc");
  });
});
