// The project's layers and what each may import: the one table both the lint rule (eslint.config.js) and
// the import picture (scripts/import-picture.ts) read, so the rule that fails a build and the numbers a
// reader sees cannot disagree. docs/DESIGN.md draws the same picture in words.
//
// Data flows spec -> validators; config -> target -> suites -> checks -> results -> reporters. Imports run
// the other way: a layer imports only the layers below it (`imports`), never one above, and the server,
// the reference implementation, imports nothing of the harness. Files outside every layer (root config
// files, `test/*.test.ts`) may import anything.

/** The lowest layers every harness layer may read: the transcription and the shared vocabulary. */
const base = ["spec", "src/config"];
const wire = [...base, "src/http", "src/results", "src/dialects"];
const talking = [...wire, "src/client", "src/ledger", "src/catalogue"];
/** What a check body may use; suites and fixtures sit on this. */
const checking = [...talking, "src/checks"];
const running = [...checking, "fixtures", "server", "src/target"];
const everything = [
  ...running,
  "suites",
  "reporters",
  "src/run",
  "src/fuzz",
  "src/pact",
  "src/vitest",
  "src/certify",
  "src/cli",
  "src/index.ts",
];

/**
 * @type {{ path: string, summary: string, imports: string[] }[]}
 * `path` is a folder (every file under it) or a single file; a more specific path wins.
 */
export const layers = [
  { path: "spec", summary: "the transcription: OpenAPI, requirements, errata, validators", imports: [] },
  { path: "src/config", summary: "options from flags, environment and file", imports: ["spec"] },
  { path: "src/http", summary: "transport, TLS and proxy dispatchers, curl lines, redaction", imports: base },
  {
    path: "src/results",
    summary: "the results model: statuses, check results, run facts",
    imports: [...base, "src/http"],
  },
  { path: "src/dialects", summary: "rest and api wire forms of one request or response", imports: base },
  { path: "src/client", summary: "the dialect-neutral API client", imports: wire },
  { path: "src/ledger", summary: "the resource ledger and its teardown", imports: [...wire, "src/client"] },
  {
    path: "src/catalogue",
    summary: "check catalogues and operation tables, read by suites, runner, pact and self-tests",
    imports: wire,
  },
  {
    path: "src/checks",
    summary: "the check vocabulary: contexts, outcomes, suite instances",
    imports: talking,
  },
  // fixtures/ is the design card's folder for payloads and provisioning recipes the suites import.
  { path: "fixtures", summary: "payloads and provisioning recipes suites and pact send", imports: checking },
  {
    path: "suites",
    summary: "scenario suites, values any runner executes",
    imports: [...checking, "fixtures"],
  },
  {
    path: "src/target",
    summary: "opening a target: embedded server, probe, login, provisioning",
    imports: running,
  },
  { path: "src/run", summary: "the runner: runs suite values against an opened target", imports: running },
  {
    path: "src/fuzz",
    summary: "usc fuzz: model-based random sequences against an opened target",
    imports: [...running, "src/run"],
  },
  { path: "src/pact", summary: "Pact export and verification", imports: [...running, "src/run"] },
  {
    path: "reporters",
    summary: "JUnit, JSON, Markdown, console: pure functions of results",
    imports: [...wire, "src/catalogue"],
  },
  {
    path: "src/certify",
    summary: "certification bundles: manifest, hashes, Ed25519 signature, verification",
    imports: wire,
  },
  {
    path: "src/vitest",
    summary: "the suites inside a user's vitest",
    imports: [...running, "suites", "src/run", "reporters"],
  },
  { path: "src/cli", summary: "the usc command, on top", imports: everything.filter((p) => p !== "src/cli") },
  { path: "src/index.ts", summary: "the package's public API", imports: everything },
  { path: "server", summary: "the reference server and its faults: independent of the harness", imports: [] },
  { path: "bin", summary: "the usc entry point", imports: [...everything, "dist"] },
  { path: "scripts", summary: "generators and tooling; never test code", imports: everything },
  { path: "bench", summary: "benchmarks", imports: [...everything, "scripts"] },
  { path: "test/support", summary: "self-test helpers", imports: [...everything, "scripts", "bench"] },
];
