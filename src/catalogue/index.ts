import { protocolCatalogue } from "./protocol.checks.ts";
import type { CheckIdOf, SuiteCatalogue } from "./registry.ts";
import { targetCatalogue } from "./target.checks.ts";
import { authCatalogue } from "./auth.checks.ts";
import { createConflictsCatalogue } from "./create-conflicts.checks.ts";
import { expiryCatalogue } from "./expiry.checks.ts";
import { filesCatalogue } from "./files.checks.ts";
import { lifecycleCatalogue } from "./lifecycle.checks.ts";
import { modelCatalogue } from "./model.checks.ts";
import { notFoundCatalogue } from "./not-found.checks.ts";
import { postVsGetCatalogue } from "./post-vs-get.checks.ts";
import { previewCatalogue } from "./preview.checks.ts";
import { updateCatalogue } from "./update.checks.ts";
import { wrongStateCatalogue } from "./wrong-state.checks.ts";

/**
 * Every suite's catalogue, in the order suites are listed and reported. A suite file must have its
 * catalogue here; the self-tests check that every declared check is registered by its suite and back.
 */
export const catalogues = [
  protocolCatalogue,
  targetCatalogue,
  lifecycleCatalogue,
  createConflictsCatalogue,
  wrongStateCatalogue,
  notFoundCatalogue,
  postVsGetCatalogue,
  filesCatalogue,
  expiryCatalogue,
  authCatalogue,
  updateCatalogue,
  previewCatalogue,
  modelCatalogue,
] as const satisfies readonly SuiteCatalogue[];

/** Every check id the catalogues declare: a typo in a check id is a type error wherever this type is used. */
export type CheckId = CheckIdOf<(typeof catalogues)[number]>;

/** A check id or a glob of them (`wrong-state.done.*`), where `*` stands for any run of characters. */
export type CheckIdOrGlob = CheckId | `${string}*${string}`;
