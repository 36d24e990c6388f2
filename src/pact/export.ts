/**
 * `usc pact export`: the consumer side. Every interaction of a dialect is registered with Pact's mock server
 * and then exercised by our own ApiClient, through the same wire builder the suites use; Pact writes the
 * interaction into the pact only when the client's request matched it and the client read the response as
 * the documents promise. One V4 pact per dialect.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Dialect } from "../../spec/index.ts";
import { ApiClient, type ApiResponse } from "../client/api-client.ts";
import { FindingsLog } from "../client/findings-log.ts";
import { directConnection } from "../config/index.ts";
import { createTransport } from "../http/transport.ts";
import { dialectInteractions, type DialectInteraction } from "./build-interactions.ts";
import { loadPactV4, type PactModule } from "./load-pact.ts";
import { defaultConsumer, defaultProvider } from "./names.ts";
import { injectedExamples } from "./provider-states.ts";

export { defaultConsumer, defaultProvider } from "./names.ts";

export interface ExportOptions {
  dialects: readonly Dialect[];
  outDir: string;
  /** Each pact's consumer is `<consumer>-<dialect>`, so a broker keeps the two pacts apart. */
  consumer?: string;
  provider?: string;
}

export interface ExportedPact {
  dialect: Dialect;
  path: string;
  consumer: string;
  provider: string;
  interactions: number;
}

export class ConsumerInteractionError extends Error {}

export function consumerName(consumer: string, dialect: Dialect): string {
  return `${consumer}-${dialect}`;
}

/** The file name Pact gives a pact: `<consumer>-<provider>.json`. */
export function pactFileName(consumer: string, provider: string): string {
  return `${consumer}-${provider}.json`;
}

/** What the client made of the mock's answer must be what the row promises, and conform to the spec. */
function checkClientReading(interaction: DialectInteraction, response: ApiResponse): void {
  const problems: string[] = [];
  if (response.status !== interaction.exampleStatus) {
    problems.push(`status ${response.status} instead of ${interaction.exampleStatus}`);
  }
  const outcome = interaction.row.outcome;
  if (outcome.kind === "success" && !response.success) problems.push("the client did not read a success");
  // The api dialect's error_type is optional (erratum E26), so the pact does not promise it.
  const typeOptional = interaction.dialect === "api" && response.errorType === undefined;
  if (outcome.kind === "error" && response.errorType !== outcome.errorType && !typeOptional) {
    problems.push(`error type ${response.errorType ?? "none"} instead of ${outcome.errorType}`);
  }
  for (const finding of response.findings) problems.push(`spec finding: ${JSON.stringify(finding)}`);
  if (problems.length > 0) {
    throw new ConsumerInteractionError(
      `${interaction.dialect}: "${interaction.description}": ${problems.join("; ")}`,
    );
  }
}

type PactV4Class = PactModule["PactV4"];
type PactV4 = InstanceType<PactV4Class>;

/** Declares the interaction on `pact`: its state, request and response, with the matchers of the row. */
function declare(pact: PactV4, interaction: DialectInteraction) {
  const { request, response, row, providerState } = interaction;
  // The matcher objects are Pact's integration JSON; the library's own types describe the same shapes.
  const template = <T>(value: unknown) => value as T;
  let builder = pact
    .addInteraction()
    .given(providerState.name, providerState.params)
    .uponReceiving(interaction.description)
    .comment(`operation ${interaction.operation.operationId}; usc interaction ${row.key}`);
  if (row.checks.length > 0) builder = builder.comment({ key: "uscChecks", value: row.checks.join(" ") });
  if (interaction.pending) builder = builder.pending(true);
  return builder
    .withRequest(request.method, template(request.path), (b) => {
      if (Object.keys(request.query).length > 0) b.query(template(request.query));
      b.headers(template(request.headers));
      if (request.body !== undefined) b.jsonBody(request.body);
    })
    .willRespondWith(template(response.status), (b) => {
      if (response.body !== undefined) b.jsonBody(response.body);
    });
}

/**
 * Each interaction gets a mock server of its own, on a fresh port, and a transport of its own: a kept-alive
 * connection to an earlier mock server must never carry a request meant for this one.
 */
async function exerciseInteraction(pact: PactV4, interaction: DialectInteraction, settleMs: number) {
  const { row } = interaction;
  await declare(pact, interaction).executeTest(async (mockServer) => {
    const transport = createTransport({ insecure: false, timeoutMs: 10_000, proxy: directConnection });
    const client = new ApiClient({
      dialect: interaction.dialect,
      baseUrl: mockServer.url,
      username: "",
      password: "",
      transport,
      findings: new FindingsLog(),
    });
    const session = row.authenticated
      ? { kind: "token" as const, token: injectedExamples.sessionToken }
      : { kind: "none" as const };
    try {
      const answer = await client.call(interaction.operation.operationId, row.call, session);
      checkClientReading(interaction, answer);
    } finally {
      await transport.close();
    }
    await sleep(settleMs);
  });
}

/**
 * Pact's mock server records a matched request asynchronously, so under load it can report a request it
 * answered as "expected but not received" (pact-foundation/pact-reference#535). Pact writes nothing on a
 * failed test, so that one failure is retried, giving the mock server longer to settle each time.
 */
async function exerciseWithRetries(pact: PactV4, interaction: DialectInteraction) {
  const settleTimes = [2, 25, 150];
  for (const [attempt, settleMs] of settleTimes.entries()) {
    try {
      await exerciseInteraction(pact, interaction, settleMs);
      return;
    } catch (error) {
      const raced = error instanceof Error && /expected but not received/.test(error.message);
      if (!raced || attempt === settleTimes.length - 1) throw error;
    }
  }
}

/** What PactV4 keeps of the pact it builds: the library's handle, which writes it. */
interface PactHandle {
  writePactFile(dir: string): void;
}

/**
 * The handle of a PactV4 (a private field of the library), or undefined should a release rename it. Pact
 * writes each passing consumer test's pact at once, merging it into the file on disk: merged one by one,
 * 90 interactions re-read and re-wrote a file growing to 300 kB, which took most of the export's CPU. So
 * every interaction is also declared on a second PactV4 that runs no test, written once at the end through
 * this handle; each test's own file is removed after it passed.
 */
function handleOf(pact: PactV4): PactHandle | undefined {
  const handle = (pact as unknown as { pact?: Partial<PactHandle> }).pact;
  return typeof handle?.writePactFile === "function" ? (handle as PactHandle) : undefined;
}

/** Exercises every interaction against a mock server of its own and writes the dialect's pact into `dir`. */
async function writeDialectPact(
  Pact: PactV4Class,
  options: { consumer: string; provider: string; interactions: DialectInteraction[]; dir: string },
): Promise<void> {
  const { consumer, provider, interactions, dir } = options;
  const fileName = pactFileName(consumer, provider);
  const collector = new Pact({ consumer, provider, dir, logLevel: "error" });
  const handle = handleOf(collector);
  // Without the handle, the tests' own writes make the pact, as Pact's documentation has it.
  const testsDir = handle === undefined ? dir : mkdtempSync(join(dir, "tests-"));
  const tests = new Pact({ consumer, provider, dir: testsDir, logLevel: "error" });
  for (const interaction of interactions) {
    await exerciseWithRetries(tests, interaction);
    if (handle === undefined) continue;
    // Only an interaction whose consumer test passed goes into the pact.
    declare(collector, interaction);
    rmSync(join(testsDir, fileName), { force: true });
  }
  if (handle !== undefined) {
    rmSync(testsDir, { recursive: true, force: true });
    handle.writePactFile(dir);
  }
}

/** Writes one V4 pact per dialect into `outDir` (replacing earlier ones) and says what it wrote. */
export async function exportPacts(options: ExportOptions): Promise<ExportedPact[]> {
  const Pact = await loadPactV4();
  const consumer = options.consumer ?? defaultConsumer;
  const provider = options.provider ?? defaultProvider;
  const outDir = resolve(options.outDir);
  const exported: ExportedPact[] = [];
  for (const dialect of options.dialects) {
    const name = consumerName(consumer, dialect);
    // Pact merges into an existing file of the same name, so each export starts from an empty directory.
    const workDir = mkdtempSync(join(tmpdir(), "usc-pact-"));
    try {
      const interactions = dialectInteractions(dialect);
      await writeDialectPact(Pact, { consumer: name, provider, interactions, dir: workDir });
      mkdirSync(outDir, { recursive: true });
      const fileName = pactFileName(name, provider);
      const path = join(outDir, fileName);
      copyFileSync(join(workDir, fileName), path);
      exported.push({ dialect, path, consumer: name, provider, interactions: interactions.length });
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  return exported;
}
