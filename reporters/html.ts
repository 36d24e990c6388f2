/**
 * The report for people: one self-contained HTML file (no network, no external asset) that opens from a CI
 * artefact. The summary (verdict, reasons, counts, run facts) is plain HTML and reads without JavaScript;
 * a small inline script adds filters by status, suite and dialect. Each check carries everything needed to
 * act on it: message, expected and actual, the documents' quote, requirements, curl line and transcript.
 * Target-supplied text is escaped, so a hostile target cannot inject markup or script.
 */
import { describeEntry } from "../src/results/baseline.ts";
import type { CheckResult, CheckStatus, RunResult } from "../src/results/model.ts";
import { checkStatuses, countStatuses, resultKey } from "../src/results/model.ts";
import { type RedactionOptions, redactedMark, redactText, redactValue } from "../src/http/redact.ts";
import { selectionNotes } from "./selection.ts";
import { suiteGroups, suiteLabel } from "./suites.ts";
import { humanDuration, replaceControlCharacters, runDurationMs } from "./text.ts";
import { requestLine, transcriptText } from "./transcript.ts";
import { decideVerdict, type Verdict } from "./verdict.ts";

/** Text as HTML: control characters replaced, markup characters escaped. */
const entities: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const special = /[&<>"']/;

function h(text: string): string {
  const shown = replaceControlCharacters(text);
  // Most of a report (ids, titles, transcripts of JSON without markup) has nothing to escape.
  return special.test(shown) ? shown.replace(/[&<>"']/g, (c) => entities[c] ?? c) : shown;
}

const verdictWord: Record<Verdict, string> = { pass: "PASS", fail: "FAIL", incomplete: "INCOMPLETE" };

function row(cells: readonly string[], header = false): string {
  const tag = header ? "th" : "td";
  return `<tr>${cells.map((cell) => `<${tag}>${cell}</${tag}>`).join("")}</tr>`;
}

function facts(run: RunResult): string {
  const duration = runDurationMs(run.startedAt, run.finishedAt);
  const rows: [string, string][] = [
    ["Run", `<code>${h(run.runId)}</code>`],
    ["Target", `<code>${h(run.target)}</code>${run.embeddedTarget ? " (embedded reference server)" : ""}`],
    ["Dialects", run.dialects.map((d) => `<code>${h(d)}</code>`).join(", ")],
    ["Suite version", `<code>${h(run.suiteVersion)}</code>`],
    ["Spec hash", `<code>${h(run.specHash)}</code>`],
    ["Fails on", run.failOn === "should" ? "MUST and SHOULD" : "MUST only"],
    ["Selection", h(selectionNotes(run).join("; ") || "every check")],
    ["Started", `<code>${h(run.startedAt)}</code>`],
    [
      "Finished",
      `<code>${h(run.finishedAt)}</code>${duration === undefined ? "" : ` (${h(humanDuration(duration))})`}`,
    ],
  ];
  if (run.baseline !== undefined)
    rows.push([
      "Expected failures",
      h(
        `${run.baseline.file}: ${run.baseline.entries} entries, ${run.baseline.expectedFailures} results excused, ${run.baseline.stale.length} stale`,
      ),
    ]);
  return `<table class="facts">${rows.map(([name, value]) => row([h(name), value])).join("")}</table>`;
}

function counts(run: RunResult): string {
  const tally = countStatuses(run.checks);
  const header = row([...checkStatuses.map((status) => h(status)), "total"], true);
  const cells = checkStatuses.map(
    (status) => `<td class="count s-${status}" data-count="${status}">${tally[status]}</td>`,
  );
  return `<table class="counts"><thead>${header}</thead><tbody><tr>${cells.join("")}<td data-count="total">${run.checks.length}</td></tr></tbody></table>`;
}

function field(name: string, value: string | undefined, block = false): string {
  if (value === undefined || value === "") return "";
  return block
    ? `<div class="field"><span class="name">${h(name)}</span><pre>${h(value)}</pre></div>`
    : `<div class="field"><span class="name">${h(name)}</span> ${h(value)}</div>`;
}

/** Statuses whose details open by default: what a reader came to look at. */
const openByDefault = new Set<CheckStatus>(["fail", "error", "warn"]);

function checkElement(check: CheckResult): string {
  const expected = check.expectedFailure !== undefined;
  const badge = `${check.status}${expected ? " (expected)" : ""}`;
  const open = openByDefault.has(check.status) && !expected ? " open" : "";
  const requirements = check.requirements.length > 0 ? check.requirements.join(", ") : "none listed";
  return [
    `<details class="check" id="${h(resultKey(check))}" data-status="${check.status}" data-suite="${h(check.suite)}" data-dialect="${check.dialect}"${open}>`,
    `<summary><span class="badge s-${check.status}">${h(badge)}</span> <code class="id">${h(check.id)}</code> <span class="dialect">[${h(check.dialect)}]</span> ${h(check.title)} <span class="time">${h(humanDuration(check.durationMs))}</span></summary>`,
    `<div class="body">`,
    `<p class="message">${h(check.message)}</p>`,
    field("Expected failure:", check.expectedFailure),
    field("Level:", `${check.level} · suite ${check.suite}`),
    field("Requirements:", requirements),
    field("Request:", requestLine(check)),
    field("Expected:", check.expected),
    field("Actual:", check.actual, (check.actual ?? "").includes("\n")),
    check.quote === undefined ? "" : `<blockquote class="quote">${h(check.quote)}</blockquote>`,
    field("Reproduce:", check.curl, true),
    check.transcript.length === 0 ? "" : field("Transcript:", transcriptText(check.transcript), true),
    `</div></details>`,
  ].join("\n");
}

function filterControls(run: RunResult): string {
  const suites = [...new Set(run.checks.map((check) => check.suite))];
  const options = (name: string, values: readonly string[]) =>
    `<label>${h(name)} <select data-filter="${h(name)}"><option value="">all</option>${values
      .map((value) => `<option value="${h(value)}">${h(value)}</option>`)
      .join("")}</select></label>`;
  return `<form class="filters" hidden>${options("status", checkStatuses)} ${options("suite", suites)} ${options(
    "dialect",
    run.dialects,
  )} <span class="shown" aria-live="polite"></span></form>`;
}

/**
 * Filters: the form is hidden until the script runs, so a reader without JavaScript sees no dead controls.
 * The URL's hash (`#status=fail&suite=lifecycle`) sets them, so a link can point at a filtered view.
 */
const script = `(() => {
  const form = document.querySelector("form.filters");
  const selects = [...form.querySelectorAll("select")];
  const checks = [...document.querySelectorAll("details.check")];
  const groups = [...document.querySelectorAll("section.group")];
  function apply() {
    const wanted = Object.fromEntries(selects.map((s) => [s.dataset.filter, s.value]));
    let shown = 0;
    for (const check of checks) {
      const visible = Object.entries(wanted).every(([k, v]) => v === "" || check.dataset[k] === v);
      check.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const group of groups) group.hidden = group.querySelectorAll("details.check:not([hidden])").length === 0;
    form.querySelector(".shown").textContent = shown + " of " + checks.length + " results shown";
    const hash = selects.filter((s) => s.value !== "").map((s) => s.dataset.filter + "=" + encodeURIComponent(s.value)).join("&");
    history.replaceState(null, "", hash === "" ? location.pathname : "#" + hash);
  }
  const initial = new URLSearchParams(location.hash.slice(1));
  for (const s of selects) if (initial.has(s.dataset.filter)) s.value = initial.get(s.dataset.filter);
  for (const s of selects) s.addEventListener("change", apply);
  form.hidden = false;
  apply();
})();`;

const style = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.verdict-pass { color: #17692d; } .verdict-fail { color: #b3261e; } .verdict-incomplete { color: #8a5a00; }
table { border-collapse: collapse; margin: .5rem 0; } td, th { border: 1px solid #d0d0d7; padding: .25rem .6rem; text-align: left; }
table.counts td { text-align: right; font-variant-numeric: tabular-nums; min-width: 3rem; }
code, pre { font: 12.5px/1.4 ui-monospace, monospace; } pre { background: #f5f5f7; padding: .5rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
.badge { display: inline-block; min-width: 4.5rem; padding: 0 .4rem; border-radius: .3rem; font-weight: 600; text-align: center; }
.s-pass { background: #e3f4e6; } .s-fail { background: #fbe0de; } .s-warn { background: #fdf0d2; } .s-skip { background: #ececef; }
.s-blocked { background: #dff0f7; } .s-error { background: #f3e1f6; }
details.check { border: 1px solid #e0e0e6; border-radius: .4rem; margin: .3rem 0; padding: .3rem .6rem; }
details.check > summary { cursor: pointer; } .time { color: #6e6e73; float: right; } .dialect { color: #6e6e73; }
.field .name { font-weight: 600; } blockquote.quote { border-left: 3px solid #c7c7cc; margin: .5rem 0; padding-left: .8rem; color: #3a3a3c; }
form.filters { position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid #e0e0e6; }
.stale { color: #b3261e; }
`;

/**
 * The run as one HTML document. Every value is redacted before formatting (secrets, credential headers, URL
 * user-info); the finished text gets one more pass for the known secrets only, with the marker escaped. The
 * header and URL scrubs are not run over markup: a header value in a <pre> runs to the end of its line, and
 * the scrub would take the closing tags with it.
 */
export function toHtml(run: RunResult, options: RedactionOptions = {}): string {
  const safe = redactValue(run, options.secrets ?? []);
  const verdict = decideVerdict(safe);
  const notes = selectionNotes(safe);
  const stale = safe.baseline?.stale ?? [];
  const body = [
    `<h1>Update session conformance: <span class="verdict-${verdict.verdict}" id="verdict">${verdictWord[verdict.verdict]}</span></h1>`,
    `<ul class="reasons">${verdict.reasons.map((reason) => `<li>${h(reason)}</li>`).join("")}</ul>`,
    notes.length === 0
      ? ""
      : `<p><strong>This run covers a selection only:</strong></p><ul>${notes.map((note) => `<li>${h(note)}</li>`).join("")}</ul>`,
    `<h2>Counts</h2>`,
    counts(safe),
    `<h2>Run</h2>`,
    facts(safe),
    safe.runErrors.length === 0
      ? ""
      : `<h2>Run errors (${safe.runErrors.length})</h2><p>Problems of the run itself, not verdicts on the target:</p><ul>${safe.runErrors.map((problem) => `<li>${h(problem)}</li>`).join("")}</ul>`,
    stale.length === 0
      ? ""
      : `<h2 class="stale">Stale expected failures (${stale.length})</h2><ul>${stale
          .map(
            ({ entry, dialects }) =>
              `<li><code>${h(describeEntry(entry))}</code> passes now (${h(dialects.join(", "))}): delete the entry</li>`,
          )
          .join("")}</ul>`,
    `<h2>Checks</h2>`,
    filterControls(safe),
    safe.checks.length === 0 ? "<p>No checks ran.</p>" : "",
    ...suiteGroups(safe.checks).map(
      (group) =>
        `<section class="group" data-suite="${h(group.suite)}" data-dialect="${group.dialect}"><h3>${h(suiteLabel(group.suite, group.dialect))}</h3>\n${group.checks.map(checkElement).join("\n")}\n</section>`,
    ),
  ];
  const document = [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may load from elsewhere: the report is opened from CI artefacts, often offline.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
    `<title>usc ${h(verdictWord[verdict.verdict])}: ${h(safe.runId)}</title>`,
    `<style>${style}</style>`,
    "</head>",
    "<body>",
    ...body.filter((part) => part !== ""),
    `<script>${script}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
  return redactText(document, options.secrets ?? []).replaceAll(redactedMark, h(redactedMark));
}
