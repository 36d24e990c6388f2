/**
 * The message the harness passes when it fails a session on purpose (the suites' checks and the pact's
 * provider states), so a reader of the target's logs can tell where it came from.
 */
export const clientErrorMessage = "update session conformance: client-side failure on purpose";
