/** A child process appending to a run's ledger, as a vitest worker would: `<stateDir> <runId> <worker> <count>`. */
import { ResourceLedger } from "../../src/ledger/index.ts";

const [stateDir = "", runId = "", worker = "0", count = "0"] = process.argv.slice(2);
const ledger = new ResourceLedger(stateDir, runId);
for (let index = 0; index < Number(count); index += 1) {
  ledger.recordCreated({
    kind: "item",
    id: `w${worker}-${index}`,
    dialect: index % 2 === 0 ? "rest" : "api",
    label: `worker ${worker} entry ${index} ${"x".repeat(200)}`,
    parentId: `library-${worker}`,
  });
}
