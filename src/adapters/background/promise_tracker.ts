import type { Background } from "../../ports/background.ts";
import type { Logger } from "../../ports/logger.ts";

/** Tracks background promises in a set; used in production and in tests (which `drain` it). */
export function createPromiseTracker(logger: Logger): Background {
  const pending = new Set<Promise<unknown>>();
  return {
    waitUntil(task) {
      const tracked = task.then(
        () => {},
        (error) => logger.error("Background task failed", { error: describe(error) }),
      ).finally(() => pending.delete(tracked));
      pending.add(tracked);
    },
    async drain() {
      // Tasks may schedule more tasks; loop until a pass finds nothing new.
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
