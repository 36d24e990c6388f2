// A child process appending to a run's ledger, as a vitest worker would:
// `<ledger module URL> <stateDir> <runId> <worker> <count>`. Plain JavaScript, and the ledger module given by
// URL, so the test can start it on bin/compiled-clone.js's compiled copy of src/ without tsx's loader.
const [ledgerModule = "", stateDir = "", runId = "", worker = "0", count = "0"] = process.argv.slice(2);
const { ResourceLedger } = await import(ledgerModule);
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
