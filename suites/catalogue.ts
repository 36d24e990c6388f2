import { protocolCatalogue } from "../src/checks/protocol-catalogue.ts";
import type { SuiteCatalogue } from "../src/checks/registry.ts";
import { lifecycleCatalogue } from "./lifecycle.checks.ts";

/**
 * Every suite's catalogue, in the order suites are listed and reported. A suite file must have its
 * catalogue here; the self-tests check that every declared check is registered by its suite and back.
 */
export const catalogues: SuiteCatalogue[] = [protocolCatalogue, lifecycleCatalogue];
