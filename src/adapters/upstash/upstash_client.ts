import { AsyncLocalStorage } from "node:async_hooks";
import { Redis } from "@upstash/redis";
import { redisFailures } from "../../lib/metrics/app_metrics.ts";
import { countCall } from "../../lib/timing.ts";
import { traced } from "../../lib/tracing.ts";

const SPAN_NAMES = { read: "redis.read", write: "redis.write" } as const;

export interface UpstashClientOptions {
  /** The database's REST URL (`UPSTASH_REDIS_REST_URL`). */
  url: string;
  /** The REST token; it never appears in an error message. */
  token: string;
  /** Upper bound for one `call`, every request it sends included; a failed call is not retried. */
  timeoutMs: number;
  /** True: the client parses replies (its default). False: replies arrive as Redis sent them. */
  automaticDeserialization: boolean;
}

/** A configured @upstash/redis client and the deadline every use of it runs under. */
export interface UpstashClient {
  /** The client; send requests with it only inside `call`, which gives them their deadline. */
  redis: Redis;
  /**
   * Runs `work`, aborting every request it sends after `timeoutMs`. Every failure, a timeout
   * included, is thrown as `Cannot <action>: <reason>`, the reason free of keys, values and token.
   * `effect` says whether the call changes Redis; it is counted once as such (`countCall`), however
   * many commands `work` sends.
   */
  call<T>(action: string, effect: "read" | "write", work: () => Promise<T>): Promise<T>;
}

const NO_DEADLINE = new AbortController().signal;

/**
 * An Upstash REST client set up for short, bounded calls: no retries, no batching, no telemetry,
 * and a per-call deadline read from an AsyncLocalStorage owned by this client.
 */
export function createUpstashClient(options: UpstashClientOptions): UpstashClient {
  const { token, timeoutMs } = options;
  // Deadline of the call in progress; the client reads it for each request it sends.
  const deadlines = new AsyncLocalStorage<AbortSignal>();
  const redis = new Redis({
    url: options.url,
    token,
    // The client's default is 5 retries with exponential backoff: seconds lost per call in an outage.
    retry: { retries: 0 },
    // A function, not a fixed signal: on abort the client then throws instead of returning a result.
    signal: () => deadlines.getStore() ?? NO_DEADLINE,
    enableTelemetry: false,
    // Batching would put several callers under one request and one deadline.
    enableAutoPipelining: false,
    automaticDeserialization: options.automaticDeserialization,
  });

  async function call<T>(
    action: string,
    effect: "read" | "write",
    work: () => Promise<T>,
  ): Promise<T> {
    countCall(effect === "write" ? "redisWrite" : "redisRead");
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    // Node and Workers (the other entries) have no `Deno`; a pending timeout is harmless there.
    if (typeof Deno !== "undefined") Deno.unrefTimer(timer);
    try {
      return await traced(
        SPAN_NAMES[effect],
        () => ({ "db.system.name": "redis", "pitchey.action": action }),
        () => deadlines.run(deadline.signal, work),
      );
    } catch (error) {
      redisFailures.at(effect).inc();
      const reason = deadline.signal.aborted
        ? `timed out after ${timeoutMs} ms`
        : describe(error, token);
      throw new Error(`Cannot ${action}: ${reason}`);
    } finally {
      clearTimeout(timer);
    }
  }

  return { redis, call };
}

/**
 * The client's messages end with ", command was: [...]", which would copy keys (emails and
 * addresses among them) and stored values into logs; only the reason is kept. The token is masked
 * in case a lower layer ever echoes it.
 */
function describe(error: unknown, token: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.split(", command was:")[0]!.slice(0, 300);
  return token === "" ? reason : reason.replaceAll(token, "[redacted]");
}
