/**
 * Requirements the reference server can show but no check tests yet, each with the check that would test
 * it. This list is a debt, not an exclusion: test/catch-matrix.test.ts accepts an uncovered requirement
 * only when it is here or carries an `excluded:` reason in spec/requirements.yaml, and fails as soon as a
 * check covers one of these (take it off the list then). docs/traceability.md shows them as awaiting a check.
 */
export const awaitingChecks: Readonly<Record<string, string>> = {};
