/**
 * A verification worker runs several jobs one after another, and Pact's native verifier prints each job's
 * report straight to the worker's stdout, where nothing tells one job's lines from the next one's. So after
 * each job the worker writes an end marker on stdout and stderr; the parent cuts each stream at the markers.
 * The marker carries a random nonce of the worker's, so no report can end a job by accident.
 */

/** The line a worker writes on both streams once the job `id` is over (its report is all written by then). */
export function jobEndMarker(nonce: string, id: number): string {
  return `\n[usc pact verify worker ${nonce}: end of job ${id}]\n`;
}

/** One of a worker's output streams, as it arrives, cut into its jobs at their end markers. */
export class JobOutput {
  #text = "";

  push(chunk: string): void {
    this.#text += chunk;
  }

  /** What the job printed before `marker`, once the marker has arrived; what follows is left for the next job. */
  take(marker: string): string | undefined {
    const at = this.#text.indexOf(marker);
    if (at === -1) return undefined;
    const taken = this.#text.slice(0, at);
    this.#text = this.#text.slice(at + marker.length);
    return taken;
  }

  /** Everything not taken yet: what a worker printed before it ended without finishing its job. */
  rest(): string {
    const text = this.#text;
    this.#text = "";
    return text;
  }
}
