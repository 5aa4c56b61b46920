import type { Ctx } from "../../context.ts";
import { relayOutbox } from "./relay_outbox.ts";

/** Rows younger than this are left to the kick of the commit that wrote them. */
export const SWEEP_PENDING_FOR_MS = 60_000;
/** Bounds one sweep (50 rows a pass); what is left waits for the next run. */
const MAX_PASSES = 200;

export interface SweepOutboxResult {
  passes: number;
  published: number;
  failed: number;
}

/**
 * The safety net behind the after-commit kick, run on a schedule: publishes every outbox row still
 * pending after `pendingForMs` (a crash between commit and publish, a queue outage, a restart) and
 * not in a publish backoff. Running it twice, or on two instances at once, is harmless: claims keep
 * relays apart and the row id deduplicates at the queue. Logs what it did.
 */
export async function sweepOutbox(
  { ctx, input = {} }: {
    ctx: Pick<Ctx, "db" | "clock" | "queue" | "logger">;
    input?: { pendingForMs?: number };
  },
): Promise<SweepOutboxResult> {
  const pendingForMs = input.pendingForMs ?? SWEEP_PENDING_FOR_MS;
  const total: SweepOutboxResult = { passes: 0, published: 0, failed: 0 };
  while (total.passes < MAX_PASSES) {
    const pass = await relayOutbox({ ctx, input: { pendingForMs } });
    total.passes += 1;
    total.published += pass.published;
    total.failed += pass.failed;
    // A failing queue would fail the rest too; they keep their backoff for the next run.
    if (!pass.more || pass.failed > 0) break;
  }
  ctx.logger.info("Outbox swept", { ...total, pendingForMs });
  return total;
}
