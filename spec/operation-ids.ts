import type { operationForms, operationIds } from "./generated/operation-ids.ts";

/**
 * An operation's one name, as spec/openapi/*.yaml give it: what the client calls, suites and the fuzz
 * commands name, the pact's rows carry and the reference server routes. Derived from the documents
 * (`npm run generate:validators` writes the list), so a misspelt name is a type error.
 */
export type OperationId = (typeof operationIds)[keyof typeof operationIds][number];

/** An alternative wire form of an operation (the rest dialect's 2014 action forms). */
export type OperationFormId = keyof typeof operationForms;

/** An operation's canonical name, not one of its alternative wire forms. */
export type CanonicalOperationId = Exclude<OperationId, OperationFormId>;
