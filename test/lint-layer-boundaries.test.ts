import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;

// Each probe is a few lines linted from memory (about 5 s for the first, loading the config, on a loaded
// 2-core machine); the repository itself is held to the rule by `npm run lint`.

/**
 * The project's own eslint.config.js, with type information off (the probes below are not files on
 * disk, and the boundary rule needs none) and only the boundary rule reporting.
 */
const eslint = new ESLint({
  cwd: root,
  overrideConfig: [tseslint.configs.disableTypeChecked],
  ruleFilter: ({ ruleId }) => ruleId === "no-restricted-imports",
});

async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? "parse"}: ${message.message}`);
}

describe("layer boundaries (eslint.config.js from layers.config.js)", () => {
  it.each([
    ["src/http/probe.ts", `import type { CheckResult } from "../results/model.ts";`, "src/results"],
    ["src/http/deeper/probe.ts", `import type { CheckResult } from "../../results/model.ts";`, "src/results"],
    ["src/run/probe.ts", `import { conformanceSuites } from "../../suites/index.ts";`, "suites"],
    ["src/checks/probe.ts", `export { packageVersion } from "../cli/main.ts";`, "src/cli"],
    ["src/pact/probe.ts", `import { writeReports } from "../cli/write-reports.ts";`, "src/cli"],
    ["src/results/probe.ts", `import { junitReport } from "../../reporters/junit.ts";`, "reporters"],
    [
      "server/operations/probe.ts",
      `import { createTransport } from "../../src/http/transport.ts";`,
      "src/http",
    ],
    ["suites/support/probe.ts", `import { executeRun } from "../../src/run/execute-run.ts";`, "src/run"],
    [
      "scripts/probe.ts",
      `import { startServer } from "../test/support/reference-server.ts";`,
      "test/support",
    ],
  ])(
    "%s importing a higher layer fails: %s",
    async (filePath, code, layer) => {
      const messages = await boundaryMessages(filePath, code);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain("no-restricted-imports");
      expect(messages[0]).toContain(`may not import ${layer}:`);
    },
    60_000,
  );

  it.each([
    ["src/checks/probe.ts", `import type { SuiteCatalogue } from "../catalogue/registry.ts";`],
    ["src/results/probe.ts", `import type { Exchange } from "../http/exchange.ts";`],
    ["server/operations/probe.ts", `import { restDialect } from "../dialects/rest.ts";`],
    ["suites/support/probe.ts", `import type { CheckContext } from "../../src/checks/check-context.ts";`],
    ["src/cli/probe.ts", `import { conformanceSuites } from "../../suites/index.ts";`],
    ["test/probe.test.ts", `import { runCli } from "../scripts/support/run-cli.ts";`],
  ])(
    "%s importing a lower layer (or its own) passes: %s",
    async (filePath, code) => {
      expect(await boundaryMessages(filePath, code)).toEqual([]);
    },
    60_000,
  );
});
