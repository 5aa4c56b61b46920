import { and, eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { exportChunks } from "../../db/tables/exports.ts";

/**
 * Deletes the chunks of one build of an export: one that failed half way, or lost to another
 * delivery. A failure here is only logged: the retention job deletes chunks no export points at.
 */
export async function discardBuild(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "logger">;
    input: { exportId: string; buildId: string };
  },
): Promise<void> {
  try {
    await ctx.db.delete(exportChunks).where(and(
      eq(exportChunks.exportId, input.exportId),
      eq(exportChunks.buildId, input.buildId),
    ));
  } catch (error) {
    ctx.logger.warn("Export build left its chunks for the retention job", {
      ...input,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
