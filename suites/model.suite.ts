import { defineSuite } from "../src/checks/suite.ts";
import { modelCatalogue } from "../src/catalogue/model.checks.ts";
import { defineCreateSpecChecks } from "./model/create-spec.ts";
import { defineErrorAndCallerChecks } from "./model/errors-and-callers.ts";
import { defineOvfChecks } from "./model/ovf.ts";
import { defineUploadAndPullChecks } from "./model/upload-and-pull.ts";

/**
 * What the models and specs mean beyond their shape. One suite (one catalogue, one report section) whose
 * body lives in suites/model/, one file per concern; the order here is the order the checks run and are
 * reported in, the catalogue's order.
 */
export const modelSuite = defineSuite(modelCatalogue, (builder) => {
  defineCreateSpecChecks(builder);
  defineErrorAndCallerChecks(builder);
  defineOvfChecks(builder);
  defineUploadAndPullChecks(builder);
});
