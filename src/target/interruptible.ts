import type { Transport } from "../http/transport.ts";

export interface InterruptibleTransport extends Transport {
  /** From now on requests are no longer cut by the interrupt: teardown must still reach the target. */
  release(): void;
}

/**
 * A transport whose requests the run's interrupt cuts at once, in flight or not yet sent, so a Ctrl-C during
 * start-up or provisioning never waits for a slow target's answer.
 */
export function interruptible(transport: Transport, signal: AbortSignal | undefined): InterruptibleTransport {
  let bound: AbortSignal | undefined = signal;
  return {
    send(request) {
      if (bound === undefined) return transport.send(request);
      const own = request.signal;
      return transport.send({
        ...request,
        signal: own === undefined ? bound : AbortSignal.any([own, bound]),
      });
    },
    close: () => transport.close(),
    release() {
      bound = undefined;
    },
  };
}
