import { invalidArgument } from "./errors.ts";

/**
 * Reading request values whose JSON type the server cannot trust. Each reader names the offending
 * member by its path in the request (`create_spec.library_item_id`) so the invalid_argument says where.
 */

export type JsonObject = Record<string, unknown>;

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function wrongType(path: string, expected: string, value: unknown): Error {
  return invalidArgument(
    "input.wrong_type",
    `'${path}' must be ${expected}, got ${typeName(value)}.`,
    path,
    expected,
    typeName(value),
  );
}

export function missing(path: string): Error {
  return invalidArgument("input.missing", `'${path}' is required.`, path);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function readObject(value: unknown, path: string): JsonObject {
  if (value === undefined) throw missing(path);
  if (!isObject(value)) throw wrongType(path, "an object", value);
  return value;
}

/** An optional structure: absent (or null, which the vAPI JSON binding treats as unset) gives an empty object. */
export function readOptionalObject(value: unknown, path: string): JsonObject {
  return value === undefined || value === null ? {} : readObject(value, path);
}

export function readString(value: unknown, path: string): string {
  if (value === undefined || value === null) throw missing(path);
  if (typeof value !== "string") throw wrongType(path, "a string", value);
  return value;
}

export function readOptionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : readString(value, path);
}

export function readBoolean(value: unknown, path: string): boolean {
  if (value === undefined || value === null) throw missing(path);
  if (typeof value !== "boolean") throw wrongType(path, "a boolean", value);
  return value;
}

export function readOptionalBoolean(value: unknown, path: string): boolean | undefined {
  return value === undefined || value === null ? undefined : readBoolean(value, path);
}

/** An int64: a JSON integer within the safe range (beyond it JSON.parse already lost precision). */
export function readOptionalInteger(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value)) throw wrongType(path, "an integer", value);
  return value;
}

export function readArray(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) throw missing(path);
  if (!Array.isArray(value)) throw wrongType(path, "an array", value);
  return value;
}

export function readEnum<T extends string>(value: unknown, path: string, members: readonly T[]): T {
  const text = readString(value, path);
  if (!(members as readonly string[]).includes(text)) {
    throw invalidArgument(
      "input.not_in_enum",
      `'${path}' must be one of ${members.join(", ")}, got '${text}'.`,
      path,
      text,
    );
  }
  return text as T;
}

/** A non-empty identifier. Ids are opaque, so anything else about them is the lookup's business. */
export function readId(value: unknown, path: string): string {
  const id = readString(value, path);
  if (id.length === 0) throw invalidArgument("input.empty_id", `'${path}' must not be empty.`, path);
  return id;
}
