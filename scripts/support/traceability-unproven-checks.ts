/**
 * Checks no fault proves yet: none of server/faults.ts makes the check fail (or warn, below MUST) while
 * breaking a requirement the check names, so as far as the faults show the check could pass whatever the
 * target does. Each entry says why; the list is a debt to empty by adding faults (`breaks:` and `catchers:`
 * in server/faults.ts). test/catch-matrix.test.ts keeps it exact: a check missing from it fails, and so
 * does an entry a fault now proves. docs/traceability.md lists them.
 */
export const unprovenChecks: Readonly<Record<string, string>> = {};
