import { and, eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { exportChunks } from "../../db/tables/exports.ts";

/**
 * The file of one build of an export as a byte stream that reads one chunk per pull, when the
 * client is ready for more: a download holds one chunk in memory, and a slow client slows the
 * reads instead of filling a buffer. A read that fails errors the stream (the client sees a cut
 * body, short of its `Content-Length`) and is logged.
 */
export function streamExportChunks(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "logger">;
    input: { exportId: string; buildId: string };
  },
): ReadableStream<Uint8Array> {
  const { exportId, buildId } = input;
  let next = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // A primary-key lookup per chunk; the chunks of a build are numbered from 0 without gaps.
        const [chunk] = await ctx.db.select({ bytes: exportChunks.bytes }).from(exportChunks)
          .where(and(
            eq(exportChunks.exportId, exportId),
            eq(exportChunks.buildId, buildId),
            eq(exportChunks.seq, next),
          ));
        if (!chunk) return controller.close();
        next += 1;
        controller.enqueue(chunk.bytes);
      } catch (error) {
        ctx.logger.error("Export download failed while streaming", {
          exportId,
          error: error instanceof Error ? error.message : String(error),
        });
        controller.error(error);
      }
    },
  }, { highWaterMark: 0 });
}
