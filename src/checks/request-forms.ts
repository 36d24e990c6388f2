import { findOperation, loadRequirements, type Dialect, type Level } from "../../spec/index.ts";

/**
 * The requirement that makes each kind of alternative wire form optional. The 2014 action forms of rest
 * (`.idAction`: the id in the path; `.bodyAction`: every parameter in the body or, for the query form, in
 * the query string) are MAY by erratum E23; their checks (post-vs-get.*, model.query-form.get) are MAY.
 */
const formRequirements: Record<string, string> = {
  idAction: "wire.post-get-equivalence.id-action",
  bodyAction: "wire.post-get-equivalence.body-action",
};

let requirementLevels: Map<string, Level> | undefined;

function levelOfRequirement(id: string): Level {
  requirementLevels ??= new Map(loadRequirements().map((r) => [r.id, r.level]));
  const level = requirementLevels.get(id);
  if (level === undefined) throw new Error(`spec/requirements.yaml has no requirement ${id}`);
  return level;
}

/**
 * The level at which the documents ask a target to answer a request form: MUST for an operation's
 * canonical form, and for an alternative form the level of the requirement that documents it. A response
 * is judged at its request's level, so a deviation in a form the documents make optional is a warning,
 * as it is in the check that owns that form, never a failure on its own.
 */
export function requestFormLevel(dialect: Dialect, operationId: string): Level {
  const operation = findOperation(dialect, operationId);
  if (operation?.formOf === undefined) return "MUST";
  const kind = operationId.slice(operationId.lastIndexOf(".") + 1);
  const requirement = formRequirements[kind];
  if (requirement === undefined) {
    throw new Error(`${dialect} ${operationId}: an alternative form of no known kind (${kind})`);
  }
  return levelOfRequirement(requirement);
}
