import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveRunConfig, runHelpText } from "../src/config/index.ts";
import { configTempDir } from "./support/config-temp.ts";

// The default --concurrency follows what bounds the run: a remote target's latency (every suite instance
// at once) or this machine's CPU and a short idle timeout (4 at a time).
let temp: ReturnType<typeof configTempDir>;
beforeEach(() => {
  temp = configTempDir();
});
afterEach(() => {
  temp.remove();
});

function concurrency(argv: string[], env: NodeJS.ProcessEnv = {}): number {
  const result = resolveRunConfig(argv, env, temp.dir);
  if (!result.ok) throw new Error(`expected a configuration, got: ${result.error}`);
  return result.config.concurrency;
}

describe("the default --concurrency", () => {
  it("is 4 for the embedded server", () => {
    expect(concurrency([])).toBe(4);
  });

  it("is 24 for a remote target, wherever the target was given", () => {
    expect(concurrency(["--target", "https://vcenter.example"])).toBe(24);
    expect(concurrency([], { USC_TARGET: "https://vcenter.example" })).toBe(24);
  });

  it("is 4 for a remote target whose short idle timeout is given", () => {
    expect(concurrency(["--target", "http://127.0.0.1:8080", "--idle-timeout", "5"])).toBe(4);
  });

  it("yields to a value given by flag or environment", () => {
    expect(concurrency(["--target", "https://vcenter.example", "--concurrency", "2"])).toBe(2);
    expect(concurrency([], { USC_CONCURRENCY: "7" })).toBe(7);
  });

  it("is described in the help", () => {
    expect(runHelpText()).toContain("24 for a --target without --idle-timeout, else 4");
  });
});
