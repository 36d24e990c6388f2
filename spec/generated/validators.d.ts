// Hand-written: the shape of validators.js, which is generated (`npm run generate:validators`).
import type { ErrorObject } from "ajv";
import type { Dialect } from "../dialect.ts";

/** A validator as ajv's standalone code defines it: true or false, with the errors of the last call. */
export interface PrecompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** sha256 of each document's text (line endings normalised) the validators were generated from. */
export declare const sourceDigests: Readonly<Record<Dialect, string>>;

/** Each dialect's validators, keyed by schemaKey (spec/schemas.ts). */
export declare const validators: Readonly<Record<Dialect, Readonly<Record<string, PrecompiledValidator>>>>;
