import { sleep } from "./commands.ts";
import { type Ledger, newLedger } from "./ledger.ts";
import { writerStep } from "./writer_client.ts";

/** What a request did: cached reads, reads that may need the database, and writes. */
export type Op =
  | "read-pitch"
  | "read-list"
  | "read-entitlements"
  | "read-account"
  | "create"
  | "publish"
  | "edit";

export const WRITES: ReadonlySet<Op> = new Set(["create", "publish", "edit"]);

/** One response, or `status` 0 for a client timeout (a hang) and -1 for a network error. */
export interface Outcome {
  op: Op;
  status: number;
  /** Milliseconds since the load's `epoch`. */
  startedMs: number;
  endedMs: number;
  retryAfter: string | null;
}

export interface LoadPlan {
  url: string;
  /** `performance.now()` that outcome times count from. */
  epoch: number;
  durationMs: number;
  /** Each client stops after this many requests even before `durationMs`. */
  maxRequestsPerClient: number;
  /** A request still unanswered after this long is recorded as a hang (status 0). */
  requestTimeoutMs: number;
  readablePitchIds: string[];
  listQueries: string[];
  anonymousPitchReaders: number;
  anonymousListReaders: number;
  /** One signed-in reader client per token. */
  readerTokens: string[];
  /** One writer client per token; each writes only its own pitches. */
  writers: Array<{ token: string; userId: string }>;
}

/**
 * Runs every client of `plan` concurrently until the duration ends and returns each response and
 * the ledger of acknowledged writes. Signed-in clients keep under their plan's rate (50 a second)
 * so the load measures faults, not rate limits; anonymous ones are unpaced.
 */
export async function runLoad(plan: LoadPlan): Promise<{ outcomes: Outcome[]; ledger: Ledger }> {
  const outcomes: Outcome[] = [];
  const ledger = newLedger();
  const end = plan.epoch + plan.durationMs;
  const call = async (op: Op, path: string, init: RequestInit = {}) => {
    const startedMs = performance.now() - plan.epoch;
    let status: number;
    let body: unknown;
    let retryAfter: string | null = null;
    try {
      const response = await fetch(`${plan.url}${path}`, {
        ...init,
        signal: AbortSignal.timeout(plan.requestTimeoutMs),
      });
      status = response.status;
      retryAfter = response.headers.get("retry-after");
      const text = await response.text();
      body = response.headers.get("content-type")?.includes("json") ? parseJson(text) : text;
    } catch (error) {
      status = error instanceof DOMException && error.name === "TimeoutError" ? 0 : -1;
    }
    outcomes.push({ op, status, startedMs, endedMs: performance.now() - plan.epoch, retryAfter });
    return { status, body: body as Record<string, unknown> | undefined };
  };
  const client = async (step: (i: number) => Promise<number>, minGapMs = 0) => {
    for (let i = 0; i < plan.maxRequestsPerClient && performance.now() < end; i++) {
      const started = performance.now();
      const status = await step(i);
      // After a failure, a short pause keeps a retry loop from spinning (no Retry-After: the
      // point is to keep pressure on the fault).
      const gap = status >= 200 && status < 300 ? minGapMs : Math.max(minGapMs, 50);
      const left = gap - (performance.now() - started);
      if (left > 0) await sleep(left);
    }
  };
  const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  const clients: Promise<void>[] = [];
  for (let n = 0; n < plan.anonymousPitchReaders; n++) {
    clients.push(
      client(async () =>
        (await call("read-pitch", `/v1/pitches/${pick(plan.readablePitchIds)}`)).status
      ),
    );
  }
  for (let n = 0; n < plan.anonymousListReaders; n++) {
    clients.push(
      client(async () => (await call("read-list", `/v1/pitches?${pick(plan.listQueries)}`)).status),
    );
  }
  for (const token of plan.readerTokens) {
    clients.push(client(async (i) => {
      const headers = auth(token);
      if (i % 3 === 0) {
        return (await call("read-entitlements", "/v1/me/entitlements", { headers })).status;
      }
      if (i % 3 === 1) return (await call("read-account", "/v1/me", { headers })).status;
      return (await call("read-pitch", `/v1/pitches/${pick(plan.readablePitchIds)}`, { headers }))
        .status;
    }, 25));
  }
  for (const writer of plan.writers) {
    clients.push(client(writerStep(writer, call, ledger), 25));
  }
  await Promise.all(clients);
  return { outcomes, ledger };
}

/** A body that is not JSON after all is kept as text: the status is what gets counted. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
