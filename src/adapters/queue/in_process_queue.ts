import type { Background } from "../../ports/background.ts";
import type { Clock } from "../../ports/clock.ts";
import type { Logger } from "../../ports/logger.ts";
import type { DeliveryMeta, EnqueueOptions, JobMessage, Queue } from "../../ports/queue.ts";
import { systemClock } from "../clock/system_clock.ts";

/** Runs one delivery of a job; a rejection is a failed attempt. */
export type JobDispatcher = (job: JobMessage, meta: DeliveryMeta) => Promise<void>;

/** A job the queue gave up on: its last attempt failed, or a failure retrying cannot fix. */
export interface ExhaustedJob extends JobMessage {
  messageId: string;
  /** Attempts made, the first included. */
  attempts: number;
  /** What the last attempt threw. */
  error: unknown;
}

export interface InProcessQueueOptions {
  background: Background;
  logger: Logger;
  /** Attempts in total, the first included. Defaults to 3. */
  maxAttempts?: number;
  /** Wait after failed attempt `attempt` (1-based). Defaults to 1 s, 4 s, 16 s, ... */
  retryDelayMs?: (attempt: number) => number;
  /** Only used for the deduplication window. */
  clock?: Clock;
  /** Failures retrying cannot fix: the job is given up at once (QStash's 489). None by default. */
  isPermanent?: (error: unknown) => boolean;
  /** Called once for every job given up (a dead letter); a rejection is logged. */
  onExhausted?: (job: ExhaustedJob) => Promise<void>;
}

/** The in-process queue; `close` cancels pending delays and retries (for shutdown). */
export interface InProcessQueue extends Queue {
  /**
   * Starts delivering to `dispatch`. Jobs accepted before a consumer attaches wait for it, so the
   * queue can be built before whatever runs the jobs exists (the dependency bundle does).
   */
  consume(dispatch: JobDispatcher): void;
  close(): void;
}

const DEDUP_WINDOW_MS = 10 * 60 * 1000;
const DEDUP_MAX_ENTRIES = 10_000;

/**
 * Runs jobs in this process through `background.waitUntil`, for the embedded default and tests.
 * It mimics a real queue: the payload is copied through JSON at enqueue, each attempt gets a fresh
 * copy, failures are retried and delivery is at least once.
 */
export function createInProcessQueue(options: InProcessQueueOptions): InProcessQueue {
  const maxAttempts = options.maxAttempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? ((attempt: number) => 1000 * 4 ** (attempt - 1));
  const clock = options.clock ?? systemClock;
  const { logger } = options;
  const seen = new Map<string, { id: string; at: number }>();
  const timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  let dispatch: JobDispatcher | undefined;
  const waiting: Array<() => void> = [];
  const consumer = (): Promise<JobDispatcher> =>
    dispatch ? Promise.resolve(dispatch) : new Promise((resolve) => {
      waiting.push(() => resolve(dispatch!));
    });

  // Resolves true after `ms`, or false at once when the queue closes.
  const sleep = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve(true);
      }, Math.max(0, ms));
      timers.set(timer, () => {
        clearTimeout(timer);
        resolve(false);
      });
    });

  const isPermanent = options.isPermanent ?? (() => false);
  const giveUp = async (job: ExhaustedJob, permanent: boolean) => {
    const message = permanent
      ? "Job given up: its failure is permanent"
      : "Job failed on every attempt";
    logger.error(message, {
      job: job.name,
      messageId: job.messageId,
      attempts: job.attempts,
    });
    try {
      await options.onExhausted?.(job);
    } catch (error) {
      logger.error("Failed job not recorded", {
        job: job.name,
        messageId: job.messageId,
        error: describe(error),
      });
    }
  };

  const run = async (
    name: string,
    body: string,
    messageId: string,
    delayMs: number,
    deduplicationId: string | undefined,
  ) => {
    const fields = { job: name, messageId };
    if (delayMs > 0 && !(await sleep(delayMs))) {
      return logger.warn("Job dropped: queue closed before its delay ran out", fields);
    }
    const deliver = await consumer();
    for (let attempt = 1;; attempt++) {
      try {
        await deliver({ name, payload: JSON.parse(body) }, {
          messageId,
          attempt,
          finalAttempt: attempt >= maxAttempts,
          ...(deduplicationId === undefined ? {} : { deduplicationId }),
        });
        return;
      } catch (error) {
        const permanent = isPermanent(error);
        logger.warn("Job attempt failed", {
          ...fields,
          attempt,
          maxAttempts,
          permanent,
          error: describe(error),
        });
        if (permanent || attempt >= maxAttempts) {
          const payload = JSON.parse(body);
          return await giveUp({ name, payload, messageId, attempts: attempt, error }, permanent);
        }
      }
      if (!(await sleep(retryDelayMs(attempt)))) {
        return logger.warn("Job dropped: queue closed before its retry", { ...fields, attempt });
      }
    }
  };

  const remember = (deduplicationId: string, id: string, now: number) => {
    // Insertion order is time order, so expired entries sit at the front.
    for (const [key, entry] of seen) {
      if (now - entry.at < DEDUP_WINDOW_MS && seen.size < DEDUP_MAX_ENTRIES) break;
      seen.delete(key);
    }
    seen.delete(deduplicationId); // re-insert at the back to keep the time order
    seen.set(deduplicationId, { id, at: now });
  };

  const accept = (job: JobMessage, enqueueOptions: EnqueueOptions) => {
    const body = serialize(job);
    const delaySeconds = enqueueOptions.delaySeconds ?? 0;
    if (!Number.isFinite(delaySeconds) || delaySeconds < 0) {
      throw new RangeError(
        `Cannot enqueue job "${job.name}": delay "${delaySeconds}" is not a number of seconds`,
      );
    }
    const now = clock.now();
    const { deduplicationId } = enqueueOptions;
    if (deduplicationId !== undefined) {
      const previous = seen.get(deduplicationId);
      if (previous && now - previous.at < DEDUP_WINDOW_MS) return { id: previous.id };
    }
    const id = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
    if (deduplicationId !== undefined) remember(deduplicationId, id, now);
    options.background.waitUntil(run(job.name, body, id, delaySeconds * 1000, deduplicationId));
    return { id };
  };

  return {
    name: "in-process",
    maxAttempts,
    enqueue(job: JobMessage, enqueueOptions: EnqueueOptions = {}) {
      // Accept synchronously (the caller may mutate the payload next), but report as a rejection.
      try {
        return Promise.resolve(accept(job, enqueueOptions));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    consume(handler: JobDispatcher) {
      if (dispatch) throw new Error("The in-process queue already has a consumer");
      dispatch = handler;
      for (const wake of waiting.splice(0)) wake();
    },
    close() {
      for (const cancel of [...timers.values()]) cancel();
      timers.clear();
    },
  };
}

function serialize(job: JobMessage): string {
  let body: string | undefined;
  try {
    body = JSON.stringify(job.payload);
  } catch (error) {
    throw new TypeError(
      `Cannot enqueue job "${job.name}": payload is not JSON (${describe(error)})`,
    );
  }
  if (body === undefined) {
    throw new TypeError(
      `Cannot enqueue job "${job.name}": payload "${typeof job.payload}" is not JSON`,
    );
  }
  return body;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
