import type { ConformanceSuite } from "../src/checks/suite.ts";
import { authSuite } from "./auth.suite.ts";
import { createConflictsSuite } from "./create-conflicts.suite.ts";
import { expirySuite } from "./expiry.suite.ts";
import { filesSuite } from "./files.suite.ts";
import { lifecycleSuite } from "./lifecycle.suite.ts";
import { modelSuite } from "./model.suite.ts";
import { notFoundSuite } from "./not-found.suite.ts";
import { postVsGetSuite } from "./post-vs-get.suite.ts";
import { previewSuite } from "./preview.suite.ts";
import { updateSuite } from "./update.suite.ts";
import { wrongStateSuite } from "./wrong-state.suite.ts";

/**
 * Every scenario suite, in the order they are listed and reported (the catalogues' order). The schema check
 * (`protocol`) has no suite of its own: every suite reports it for the responses it saw.
 */
export const conformanceSuites: readonly ConformanceSuite[] = [
  lifecycleSuite,
  createConflictsSuite,
  wrongStateSuite,
  notFoundSuite,
  postVsGetSuite,
  filesSuite,
  expirySuite,
  authSuite,
  updateSuite,
  previewSuite,
  modelSuite,
];
