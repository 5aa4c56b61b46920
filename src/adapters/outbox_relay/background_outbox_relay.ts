import type { Background } from "../../ports/background.ts";
import type { Logger } from "../../ports/logger.ts";
import type { OutboxRelay, RelayPassResult } from "../../ports/outbox_relay.ts";

/** One relay pass over the outbox (the service's `relayOutbox`, bound to the app's context). */
export type RelayPass = () => Promise<RelayPassResult>;

export interface BackgroundOutboxRelayOptions {
  background: Background;
  logger: Logger;
  /** Wait after the `failures`-th pass in a row that threw (database down). 1 s doubling to 1 min. */
  errorDelayMs?: (failures: number) => number;
}

/** The relay before and after it has something to run. */
export interface BackgroundOutboxRelay extends OutboxRelay {
  /** Starts relaying with `pass`; a kick made before waits for it. */
  attach(pass: RelayPass): void;
}

/**
 * Runs relay passes in the background of this instance. Kicks coalesce: at most one pass runs at
 * a time, and a kick during a pass makes one more pass after it (the kicker's rows may have
 * committed after the running pass claimed). A full batch that published runs another pass at
 * once. When publishes were refused, one timer retries when the soonest backoff ends; when a pass
 * throws, the timer waits longer after each failure. Timers are not background tasks, so draining
 * the background never waits out a backoff.
 */
export function createBackgroundOutboxRelay(
  options: BackgroundOutboxRelayOptions,
): BackgroundOutboxRelay {
  const { background, logger } = options;
  const errorDelayMs = options.errorDelayMs ??
    ((failures: number) => Math.min(60_000, 1000 * 2 ** (failures - 1)));
  let pass: RelayPass | undefined;
  let running: Promise<void> | undefined;
  let kicked = false;
  let again = false;
  let closed = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerDue = Infinity;

  const retryIn = (ms: number) => {
    if (closed) return;
    const due = Date.now() + ms;
    // One timer: keep an earlier retry, replace a later one.
    if (timer !== undefined && timerDue <= due) return;
    clearTimeout(timer);
    timerDue = due;
    timer = setTimeout(() => {
      timer = undefined;
      timerDue = Infinity;
      kick();
    }, Math.max(0, ms));
  };

  const loop = async (run: RelayPass) => {
    do {
      again = false;
      let result: RelayPassResult;
      try {
        result = await run();
        failures = 0;
      } catch (error) {
        failures += 1;
        logger.warn("Outbox relay pass failed; retrying later", {
          failures,
          error: error instanceof Error ? error.name : typeof error,
        });
        retryIn(errorDelayMs(failures));
        // Kicks during a failing pass wait for the retry too, instead of failing at once again.
        again = false;
        return;
      }
      if (result.retryAfterMs !== undefined) retryIn(result.retryAfterMs);
      if (result.more && result.published > 0) again = true;
    } while (again && !closed);
  };

  const kick = () => {
    if (closed) return;
    if (!pass) {
      kicked = true;
      return;
    }
    if (running) {
      again = true;
      return;
    }
    const current = loop(pass).finally(() => {
      running = undefined;
      // A kick that landed between the loop's last check and here still gets its pass.
      if (again) kick();
    });
    running = current;
    background.waitUntil(current);
  };

  return {
    kick,
    attach(run) {
      if (pass) throw new Error("The outbox relay already has a pass");
      pass = run;
      if (kicked) kick();
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
