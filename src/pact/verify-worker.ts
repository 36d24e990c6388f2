/**
 * The child process `usc pact verify` runs the verification in. Pact's native verifier prints its report
 * straight to file descriptor 1; in a child of its own that report is captured by the parent, which prints
 * a readable summary instead (and Pact's report with --verbose).
 */
import { disablePactTracking } from "./load-pact.ts";
import { verifyPacts, type VerifyOptions } from "./verify.ts";
import type { WorkerMessage } from "./verify-in-worker.ts";

disablePactTracking();

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined) resolve();
    else process.send(message, () => resolve());
  });
}

process.once("message", (message: Omit<VerifyOptions, "note">) => {
  void (async () => {
    try {
      const outcome = await verifyPacts({ ...message, note: (line) => void send({ kind: "note", line }) });
      await send({ kind: "outcome", outcome });
    } catch (error) {
      await send({
        kind: "crash",
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
    // The native library keeps threads alive; the result is sent, so the child is done.
    process.exit(0);
  })();
});
