import type { Ctx } from "../../context.ts";

/**
 * STAND-IN, to be deleted at merge: the outbox branch exports the real `sweepOutbox({ ctx })`
 * (republishes outbox rows still pending). The `sweep-outbox` job
 * (`services/maintenance/sweep_outbox_job.ts`) imports this file until then; the merge points that
 * import at the real verb and removes this file. It does nothing, so the schedule is harmless.
 */
export function sweepOutbox(
  { ctx: _ctx }: { ctx: Pick<Ctx, "db" | "clock" | "logger" | "queue"> },
): Promise<Record<string, number>> {
  return Promise.resolve({ republished: 0 });
}
