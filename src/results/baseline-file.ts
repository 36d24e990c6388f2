/**
 * The baseline file: YAML, a list of `{check, dialect?, reason}`. Reading it reports every problem with its
 * line, so a typo in a CI gate is found at once; writing one from a run's failures gives the team a start
 * with a placeholder reason for each entry.
 */
import { yaml } from "../../spec/yaml.ts";
import type { Dialect } from "../../spec/dialect.ts";
import type { BaselineEntry } from "./baseline.ts";
import type { CheckResult } from "./model.ts";

export type BaselineParse = { ok: true; entries: BaselineEntry[] } | { ok: false; errors: string[] };

const dialects: readonly Dialect[] = ["rest", "api"];
const keys = new Set(["check", "dialect", "reason"]);

/** Parses a baseline's text; `file` names it in messages. */
export function parseBaseline(text: string, file: string): BaselineParse {
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  const errors: string[] = document.errors.map((error) => `${file}: ${error.message.split("\n")[0]}`);
  if (errors.length > 0) return { ok: false, errors };
  const where = (node: { range?: [number, number, number] | null | undefined } | null | undefined) =>
    node?.range ? `${file}:${lines.linePos(node.range[0]).line}` : file;
  const root = document.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === "")))
    return { ok: true, entries: [] };
  if (!isSeq(root))
    return {
      ok: false,
      errors: [`${where(root)}: a baseline is a list of {check, dialect?, reason} entries`],
    };
  const entries: BaselineEntry[] = [];
  for (const item of root.items) {
    if (!isMap(item)) {
      errors.push(`${where(item)}: each entry is a mapping with check, reason and optionally dialect`);
      continue;
    }
    const value = (key: string): unknown => {
      const node = item.get(key, true);
      return isScalar(node) ? node.value : node === undefined ? undefined : null;
    };
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (!keys.has(key)) errors.push(`${where(pair.key)}: unknown key '${key}' (check, dialect, reason)`);
    }
    const check = value("check");
    const reason = value("reason");
    const dialect = value("dialect");
    if (typeof check !== "string" || check.trim() === "")
      errors.push(`${where(item)}: 'check' must name a check id`);
    if (typeof reason !== "string" || reason.trim() === "")
      errors.push(`${where(item)}: 'reason' must say why the failure is accepted`);
    if (dialect !== undefined && !dialects.includes(dialect as Dialect))
      errors.push(`${where(item)}: 'dialect' must be rest or api (or left out for both)`);
    if (typeof check === "string" && typeof reason === "string")
      entries.push({
        check: check.trim(),
        reason: reason.trim(),
        ...(dialect === undefined ? {} : { dialect: dialect as Dialect }),
      });
  }
  const seen = new Set<string>();
  for (const entry of entries) {
    const key = `${entry.check} ${entry.dialect ?? "both"}`;
    if (seen.has(key))
      errors.push(`${file}: ${entry.check} is listed twice for ${entry.dialect ?? "both dialects"}`);
    seen.add(key);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, entries };
}

/** A reason to be replaced by a human: the gate should say why each failure is accepted. */
export const reasonPlaceholder = "TODO: why this failure is accepted for now";

/**
 * A baseline for a run's failures (and warnings when the run failed on SHOULD): one entry per check, without
 * a dialect when it failed in every dialect the run tested. The failure's message is kept as a comment.
 */
export function baselineFor(
  checks: readonly Pick<CheckResult, "id" | "dialect" | "status" | "message">[],
  testedDialects: readonly Dialect[],
  failOn: "must" | "should",
): string {
  const failing = checks.filter((c) => c.status === "fail" || (failOn === "should" && c.status === "warn"));
  const byId = new Map<string, typeof failing>();
  for (const check of failing) byId.set(check.id, [...(byId.get(check.id) ?? []), check]);
  const blocks: string[] = [];
  for (const [id, results] of byId) {
    const failedDialects = [...new Set(results.map((r) => r.dialect))];
    const everyDialect = testedDialects.every((d) => failedDialects.includes(d));
    const perEntry: (Dialect | undefined)[] = everyDialect ? [undefined] : failedDialects;
    for (const dialect of perEntry) {
      const message = results.find((r) => dialect === undefined || r.dialect === dialect)?.message ?? "";
      const entry: Record<string, string> = { check: id };
      if (dialect !== undefined) entry.dialect = dialect;
      entry.reason = reasonPlaceholder;
      const comment = `# failed: ${message.replace(/\s+/g, " ").trim().slice(0, 200)}`;
      blocks.push(`${comment}\n${yaml().stringify([entry]).trimEnd()}`);
    }
  }
  const header =
    "# Expected failures for usc run --expected-failures. Replace each reason; delete entries as they are fixed.\n";
  return blocks.length === 0 ? `${header}[]\n` : `${header}${blocks.join("\n")}\n`;
}
