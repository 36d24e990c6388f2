import type { Dialect } from "../../spec/index.ts";
import { toCurl } from "../http/curl.ts";
import type { Exchange } from "../results/model.ts";
import type { Divergence } from "./divergence.ts";
import type { StepRecord } from "./fuzz-target.ts";
import { modelRequirements } from "./requirements.ts";

/** A shrunk failing sequence, with what replays it. */
export interface Counterexample {
  dialect: Dialect;
  seed: number;
  /** fast-check's counterexample path and the commands' replay path, joined by `@`: `--path` takes it as is. */
  path: string;
  /** Sequences run until the first failing one. */
  runsToDetection: number;
  shrinks: number;
  steps: StepRecord[];
  divergence: Divergence;
}

/** `METHOD URL` and the status with the body (cut short), for one exchange. */
function describeExchange(exchange: Exchange): string[] {
  const lines = [`  request:  ${exchange.request.method} ${exchange.request.url}`];
  if (exchange.request.body !== undefined) lines.push(`            ${exchange.request.body.slice(0, 400)}`);
  const response = exchange.response;
  if (response === undefined) lines.push(`  response: none (${exchange.networkError ?? "no answer"})`);
  else lines.push(`  response: ${response.status} ${response.body.replace(/\s+/g, " ").slice(0, 600)}`);
  return lines;
}

/** The replay command line of a counterexample (credentials come from the environment, never printed). */
export function replayCommand(
  example: Pick<Counterexample, "dialect" | "seed" | "path">,
  target: string | undefined,
): string {
  return `usc fuzz${target === undefined ? "" : ` --target ${target}`} --dialect ${example.dialect} --seed ${example.seed} --path '${example.path}'`;
}

/** The shrunk sequence as a shell script of curl lines, one comment per step. */
export function curlScript(
  steps: readonly StepRecord[],
  options: { insecure: boolean; caFile?: string | undefined },
): string {
  const lines = [
    "#!/bin/sh",
    "# Replays the requests of the shrunk sequence. Set USC_SESSION to a session token of the target",
    "# (and USC_USERNAME/USC_PASSWORD); identifiers are those of the run that found the divergence.",
  ];
  steps.forEach((step, index) => {
    lines.push(`# ${index + 1}. ${step.label}`);
    for (const exchange of step.exchanges) lines.push(toCurl(exchange, options));
  });
  return lines.join("\n");
}

/** The report a user reads: numbered steps, the diverging step's request and response, curl, seed and path. */
export function formatCounterexample(
  example: Counterexample,
  options: { target: string | undefined; insecure: boolean; caFile?: string | undefined },
): string {
  const { divergence, steps } = example;
  const requirement = modelRequirements().get(divergence.requirement);
  const lines = [
    `divergence in the ${example.dialect} dialect after ${example.runsToDetection} sequence(s); shrunk ${example.shrinks} time(s) to ${steps.length} step(s):`,
  ];
  steps.forEach((step, index) => {
    const last = index === steps.length - 1;
    lines.push(`  ${String(index + 1).padStart(2)}. ${step.label}${last ? "   <-- diverges" : ""}`);
  });
  lines.push(`step ${steps.length}: ${divergence.message}`);
  if (requirement !== undefined)
    lines.push(`  ${requirement.id} (${requirement.level}): ${requirement.statement}`);
  const exchange = divergence.exchange ?? steps.at(-1)?.exchanges.at(-1);
  if (exchange !== undefined) lines.push(...describeExchange(exchange));
  lines.push(
    "curl script:",
    ...curlScript(steps, options)
      .split("\n")
      .map((line) => `  ${line}`),
  );
  lines.push(`seed ${example.seed}, path ${example.path}`);
  lines.push(`replay: ${replayCommand(example, options.target)}`);
  return lines.join("\n");
}
