/**
 * Checks no fault proves yet: none of server/faults.ts makes the check fail (or warn, below MUST) while
 * breaking a requirement the check names, so as far as the faults show the check could pass whatever the
 * target does. Each entry says why; the list is a debt to empty by adding faults (`breaks:` and `catchers:`
 * in server/faults.ts). test/catch-matrix.test.ts keeps it exact: a check missing from it fails, and so
 * does an entry a fault now proves. docs/traceability.md lists them.
 */
export const unprovenChecks: Readonly<Record<string, string>> = {
  "post-vs-get.cross-dialect.same-model":
    "it fails only under rest-unwrapped and api-wrapped, which break the dialects' encoding; no fault makes one dialect show a session or its files differently from the other",
  "expiry.progress.starts-at-zero":
    "it fails only under progress-missing (client_progress absent); create-copies-progress starts a session at a progress other than 0 only when the spec carries one, which this check never sends",
};
