import { choiceTable, faultTable } from "../../server/index.ts";
import type { CheckId } from "../../src/catalogue/index.ts";

/**
 * The check names in the server's fault and choice tables, read by the harness with the catalogues' types.
 * The server never imports the harness, so its tables hold plain string literals; here each list must
 * satisfy `CheckId[]`, so a catcher or owner naming no declared check is a type error (`npx tsc`), not a
 * catch-matrix row that fails at run time.
 */
export const faultCatchers: ReadonlyMap<string, readonly CheckId[]> = new Map(
  faultTable.map((fault) => [fault.name, fault.catchers satisfies readonly CheckId[]]),
);

export const choiceOwners: ReadonlyMap<string, readonly CheckId[]> = new Map(
  choiceTable.map((choice) => [choice.name, choice.owners satisfies readonly CheckId[]]),
);
