/**
 * At most one batch of a kind in flight: a batch asked for while the one before is still waiting for
 * its answer goes once that answer is in, with everything asked for meanwhile. A quiet console sends
 * each batch on the next turn of the event loop, as before; a busy one, whose commands take longer,
 * gathers more into each, so it sends fewer commands just when each costs most (the embedded database
 * runs commands one after another: a second batch sent sooner would only wait there).
 */
export function oneBatchInFlight() {
  let busy = false;
  const waiting: Array<() => void> = [];
  const next = () => {
    const go = waiting.shift();
    if (go) setImmediate(go);
  };
  return {
    /** Starts a batch (`dispatch`) on the next turn, or once the batch in flight, and those waiting before it, have answered. */
    schedule(dispatch: () => void) {
      if (busy || waiting.length) waiting.push(dispatch);
      else setImmediate(dispatch);
    },
    /** Runs a batch's command, the one in flight until it settles. */
    async run<T>(command: () => Promise<T>): Promise<T> {
      busy = true;
      try {
        return await command();
      } finally {
        busy = false;
        next();
      }
    },
  };
}
