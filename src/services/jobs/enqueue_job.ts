import type { Ctx } from "../../context.ts";
import { outbox } from "../../db/tables/jobs.ts";
import { sha256Hex } from "../../lib/secure_tokens.ts";

export interface EnqueueJobInput {
  /** A registered job name (see `registry.ts`). */
  name: string;
  /** The job's payload; it must survive JSON, as it travels as JSON. */
  payload: unknown;
  /** Run no earlier than this many seconds from now. */
  delaySeconds?: number;
  /**
   * Enqueues the job at most once for this key, ever: the outbox row id is derived from it (for
   * "one new-follower email per pair and day"). Without a key every call enqueues.
   */
  key?: string;
}

/**
 * Enqueues a job through the transactional outbox: the job is a row written with `ctx.db`, so
 * called with a transaction's ctx it commits or rolls back with the change that causes it. The
 * relay publishes it after the commit (`withTransaction` kicks it then); outside a transaction the
 * row is committed already and the relay is kicked at once. Open the transaction with
 * `withTransaction`, not `db.transaction`: only it holds the kick until the commit. Resolves with
 * the outbox row id, which is also the queue's deduplication id and the job's idempotency key.
 */
export async function enqueueJob(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "clock" | "outbox">; input: EnqueueJobInput },
): Promise<{ id: string }> {
  const delaySeconds = input.delaySeconds ?? 0;
  if (!Number.isFinite(delaySeconds) || delaySeconds < 0) {
    throw new RangeError(
      `Cannot enqueue job "${input.name}": delay "${delaySeconds}" is not a number of seconds`,
    );
  }
  const now = ctx.clock.now();
  const id = input.key === undefined
    ? `obx_${crypto.randomUUID().replaceAll("-", "")}`
    : `obx_k${sha256Hex(`${input.name}\n${input.key}`).slice(0, 31)}`;
  const inserted = await ctx.db.insert(outbox).values({
    id,
    jobName: input.name,
    // What is stored is exactly what will be delivered (undefined members dropped, dates as text).
    payload: asJson(input.name, input.payload),
    createdAt: new Date(now),
    availableAt: new Date(now + Math.ceil(delaySeconds * 1000)),
  }).onConflictDoNothing().returning({ id: outbox.id });
  if (inserted.length > 0) ctx.outbox.kick();
  return { id };
}

function asJson(name: string, payload: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(payload);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TypeError(`Cannot enqueue job "${name}": payload is not JSON (${reason})`);
  }
  if (text === undefined) {
    throw new TypeError(`Cannot enqueue job "${name}": payload "${typeof payload}" is not JSON`);
  }
  return JSON.parse(text);
}
