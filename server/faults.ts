/**
 * Named deviations from the documents, switched on per server instance so the self-tests can prove each
 * check fires. None exist yet; the next issue adds them. Operations ask `faults.has(name)` at the one
 * place a deviation changes behaviour, so a fault is a name here plus one branch where it applies.
 */
export const faultNames = [] as const;
export type FaultName = (typeof faultNames)[number];

export class Faults {
  readonly #enabled: ReadonlySet<string>;

  constructor(names: readonly string[] = []) {
    const unknown = names.filter((name) => !(faultNames as readonly string[]).includes(name));
    if (unknown.length > 0) {
      const known = faultNames.length === 0 ? "none are defined yet" : `known: ${faultNames.join(", ")}`;
      throw new Error(`unknown fault(s) ${unknown.join(", ")} (${known})`);
    }
    this.#enabled = new Set(names);
  }

  has(name: FaultName): boolean {
    return this.#enabled.has(name);
  }
}
