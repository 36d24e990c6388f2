/** The two wire dialects of the API: `rest` (/rest/com/vmware/..., vSphere 6.5+) and `api` (/api/..., 7.0U2+). */
export const dialects = ["rest", "api"] as const;
export type Dialect = (typeof dialects)[number];

export function isDialect(value: unknown): value is Dialect {
  return value === "rest" || value === "api";
}
