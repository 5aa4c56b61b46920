import { and, asc, eq, inArray, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { outbox } from "../../db/tables/jobs.ts";
import type { RelayPassResult } from "../../ports/outbox_relay.ts";
import { safeErrorText } from "./job_failures.ts";

/** Rows one pass claims at most; a full batch tells the relay to run another pass. */
export const OUTBOX_BATCH_SIZE = 50;
/**
 * How long a claim keeps other relays off a row: far longer than a publish may take (the QStash
 * adapter gives up after 5 s). A relay that dies mid-pass frees its rows when the lease ends; a
 * republish that overlaps a slow first one is harmless, as both carry the row id as the
 * deduplication id.
 */
export const OUTBOX_CLAIM_LEASE_MS = 60_000;

/** The wait before publish attempt `attempts + 1` of a row: 1 s, 2 s, 4 s ... capped at 5 min. */
export function outboxRetryDelayMs(attempts: number): number {
  return Math.min(5 * 60_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

export interface RelayOutboxInput {
  limit?: number;
  /** Only rows pending at least this long (the sweep leaves fresh rows to their own kick). */
  pendingForMs?: number;
}

type Needs = Pick<Ctx, "db" | "clock" | "queue" | "logger">;

/**
 * One relay pass: claims pending rows (a single `update ... where id in (select ... for update skip
 * locked)`, so concurrent relays on any instance never claim one row twice, and no transaction
 * stays open over the network), publishes each to the queue with the row id as deduplication id
 * and the delay left, and stamps the published ones. A refused publish leaves the row pending with
 * its error and a backoff before the next try.
 */
export async function relayOutbox(
  { ctx, input = {} }: { ctx: Needs; input?: RelayOutboxInput },
): Promise<RelayPassResult> {
  const now = ctx.clock.now();
  const limit = input.limit ?? OUTBOX_BATCH_SIZE;
  const filters: SQL[] = [
    isNull(outbox.publishedAt),
    or(isNull(outbox.claimedUntil), lte(outbox.claimedUntil, new Date(now)))!,
  ];
  if (input.pendingForMs !== undefined) {
    filters.push(lte(outbox.createdAt, new Date(now - input.pendingForMs)));
  }
  const claimable = ctx.db.select({ id: outbox.id }).from(outbox).where(and(...filters))
    .orderBy(asc(outbox.createdAt), asc(outbox.id)).limit(limit)
    .for("update", { skipLocked: true });
  const claimed = await ctx.db.update(outbox)
    .set({
      claimedUntil: new Date(now + OUTBOX_CLAIM_LEASE_MS),
      attempts: sql`${outbox.attempts} + 1`,
    })
    .where(inArray(outbox.id, claimable))
    .returning({
      id: outbox.id,
      jobName: outbox.jobName,
      payload: outbox.payload,
      availableAt: outbox.availableAt,
      attempts: outbox.attempts,
    });
  const outcomes = await Promise.all(claimed.map((row) => publish(ctx, row)));
  const retries = outcomes.filter((o): o is number => o !== true);
  return {
    claimed: claimed.length,
    published: outcomes.length - retries.length,
    failed: retries.length,
    more: claimed.length === limit,
    ...(retries.length > 0 ? { retryAfterMs: Math.min(...retries) } : {}),
  };
}

type ClaimedRow = {
  id: string;
  jobName: string;
  payload: unknown;
  availableAt: Date;
  attempts: number;
};

/** Publishes one claimed row; resolves true, or the backoff it was given after a refusal. */
async function publish(ctx: Needs, row: ClaimedRow): Promise<true | number> {
  const delayMs = row.availableAt.getTime() - ctx.clock.now();
  let messageId: string;
  try {
    ({ id: messageId } = await ctx.queue.enqueue(
      { name: row.jobName, payload: row.payload },
      { deduplicationId: row.id, ...(delayMs > 0 ? { delaySeconds: delayMs / 1000 } : {}) },
    ));
  } catch (error) {
    const retryAfterMs = outboxRetryDelayMs(row.attempts);
    const lastError = safeErrorText(error);
    await ctx.db.update(outbox)
      .set({ lastError, claimedUntil: new Date(ctx.clock.now() + retryAfterMs) })
      .where(eq(outbox.id, row.id));
    ctx.logger.warn("Outbox row not published; it will be retried", {
      outboxId: row.id,
      job: row.jobName,
      attempts: row.attempts,
      retryAfterMs,
      error: lastError,
    });
    return retryAfterMs;
  }
  await ctx.db.update(outbox)
    .set({ publishedAt: new Date(ctx.clock.now()), messageId, claimedUntil: null, lastError: null })
    .where(eq(outbox.id, row.id));
  return true;
}
