import { Client, QstashError } from "@upstash/qstash";
import { httpPing } from "../../lib/http_ping.ts";
import {
  type EnqueueOptions,
  FAILURE_REPORT_PATH,
  JOB_DEDUPLICATION_HEADER,
  type JobMessage,
  type Queue,
} from "../../ports/queue.ts";
import { UpstreamError } from "../../ports/errors.ts";

export interface QstashQueueOptions {
  token: string;
  /** The QStash API; defaults to the global endpoint. Tests point it at a loopback fake. */
  baseUrl?: string;
  /**
   * Where QStash calls this API back: jobs arrive at `${publicUrl}/jobs/<name>`, and the report of
   * a message that exhausted its retries at `${publicUrl}/jobs/_failed` (the failure callback).
   */
  publicUrl: string;
  /**
   * Delivery retries QStash makes after a failed first delivery (`Upstash-Retries`). Defaults to
   * 3, set on every message rather than left to the plan's maximum, so a handler can tell its
   * last attempt from `Upstash-Retried`.
   */
  retries?: number;
  /** Longest wait for QStash to accept a message. Defaults to 5000 ms. */
  timeoutMs?: number;
}

const DEFAULT_BASE_URL = "https://qstash.upstash.io";
const DEFAULT_RETRIES = 3;

/**
 * Publishes jobs to QStash, which POSTs the JSON payload back to `${publicUrl}/jobs/<name>`, and
 * once a message exhausted its retries (or was refused with a 489), the failure report to
 * `${publicUrl}/jobs/_failed`. The deduplication id travels back to the handler as a forwarded
 * header. Failures become an `UpstreamError` naming the job; the token never appears in a message.
 */
export function createQstashQueue(options: QstashQueueOptions): Queue {
  if (!options.token) throw new TypeError("Cannot create the QStash queue: the token is empty");
  const publicUrl = options.publicUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 5000;
  const retries = options.retries ?? DEFAULT_RETRIES;
  const client = new Client({
    // Passed explicitly, with devMode off: otherwise the library falls back to QSTASH_URL,
    // QSTASH_TOKEN and QSTASH_DEV from the environment, behind our config's back.
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    token: options.token,
    devMode: false,
    // The library retries only network errors (5 times over about 4 s by default); keep the
    // retries inside our deadline.
    retry: { retries: 2, backoff: (retryCount) => 100 * 2 ** retryCount },
  });

  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  return {
    name: "qstash",
    ping: () =>
      httpPing(`${base}/v2/schedules`, { token: options.token, timeoutMs, provider: "QStash" }),
    maxAttempts: retries + 1,
    async enqueue(job: JobMessage, enqueueOptions: EnqueueOptions = {}) {
      const { delaySeconds, deduplicationId } = enqueueOptions;
      if (delaySeconds !== undefined && (!Number.isFinite(delaySeconds) || delaySeconds < 0)) {
        throw new RangeError(
          `Cannot enqueue job "${job.name}": delay "${delaySeconds}" is not a number of seconds`,
        );
      }
      const publishing = client.publishJSON({
        url: `${publicUrl}/jobs/${encodeURIComponent(job.name)}`,
        body: job.payload,
        // QStash counts delays in whole seconds; round up so a job never runs early.
        delay: delaySeconds ? Math.ceil(delaySeconds) : undefined,
        deduplicationId,
        retries,
        failureCallback: `${publicUrl}${FAILURE_REPORT_PATH}`,
        // The client sends these as `Upstash-Forward-*`; QStash strips the prefix on delivery.
        headers: deduplicationId === undefined
          ? undefined
          : { [JOB_DEDUPLICATION_HEADER]: deduplicationId },
      });
      try {
        const { messageId } = await withDeadline(publishing, timeoutMs);
        return { id: messageId };
      } catch (error) {
        throw new UpstreamError(`Cannot enqueue job "${job.name}": ${reason(error, timeoutMs)}`);
      }
    },
  };
}

const TIMED_OUT = Symbol("timed out");

/**
 * The client takes no AbortSignal and sets no timeout on its fetch, so the only bound we can put
 * on a publish is to stop waiting. The request itself runs on; with at-least-once delivery and
 * deduplication ids, a publish that lands after we gave up is harmless.
 */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    // A publish that fails after the deadline must not surface as an unhandled rejection.
    work.catch(() => {});
  }
}

function reason(error: unknown, timeoutMs: number): string {
  if (error === TIMED_OUT) return `QStash did not answer within ${timeoutMs} ms`;
  // QstashError carries the response body, which we do not echo; the status is enough.
  if (error instanceof QstashError) return `QStash answered status ${error.status ?? "unknown"}`;
  if (error instanceof TypeError) return "QStash could not be reached";
  return "QStash publish failed";
}
