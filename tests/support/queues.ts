import { UpstreamError } from "../../src/ports/errors.ts";
import type { EnqueueOptions, JobMessage, Queue } from "../../src/ports/queue.ts";

/** An enqueue the controllable queue saw. */
export interface SeenEnqueue {
  job: JobMessage;
  options: EnqueueOptions;
}

/**
 * The configured queue behind a switch, recording every enqueue: "pass" forwards, "fail" refuses
 * like an unreachable provider (an `UpstreamError`), "swallow" accepts without running anything,
 * "hold" makes each enqueue wait for `release()` (a slow provider).
 */
export function controllableQueue() {
  const state = {
    mode: "pass" as "pass" | "fail" | "swallow" | "hold",
    seen: [] as SeenEnqueue[],
  };
  let held = Promise.withResolvers<void>();
  let waiting = Promise.withResolvers<void>();
  const wrap = (inner: Queue): Queue => ({
    name: inner.name,
    maxAttempts: inner.maxAttempts,
    async enqueue(job, options = {}) {
      state.seen.push({ job, options });
      switch (state.mode) {
        case "fail":
          throw new UpstreamError(`Cannot enqueue job "${job.name}": queue is down`);
        case "swallow":
          return { id: `msg_swallowed_${state.seen.length}` };
        case "hold":
          waiting.resolve();
          await held.promise;
          return await inner.enqueue(job, options);
        case "pass":
          return await inner.enqueue(job, options);
      }
    },
  });
  return {
    state,
    wrap,
    /** Resolves once an enqueue is waiting in "hold" mode. */
    holding: () => waiting.promise,
    /** Lets held enqueues through and switches back to "pass". */
    release() {
      state.mode = "pass";
      held.resolve();
      held = Promise.withResolvers<void>();
      waiting = Promise.withResolvers<void>();
    },
  };
}
