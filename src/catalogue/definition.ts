import type { CheckLevel } from "../results/model.ts";

/** What a check is, independent of any run: the stable id, its weight and the requirements it tests. */
export interface CheckDefinition<Id extends string = string> {
  /** Stable id, `<area>.<rule>` (e.g. `create.conflict.resource-busy`); never reused for another rule. */
  id: Id;
  title: string;
  level: CheckLevel;
  /** Ids from spec/requirements.yaml; at least one. */
  requirements: string[];
}
