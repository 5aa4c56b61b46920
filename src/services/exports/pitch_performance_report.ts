import { and, asc, eq, isNull } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { pitches } from "../../db/tables/pitches.ts";
import type { ExportFormat } from "../../lib/enums.ts";
import { micros } from "../pitches/pitch_list_sql.ts";
import { csvLine } from "./csv.ts";
import type { BuildProgress, ExportSink } from "./export_file_writer.ts";
import { writeJsonDocument } from "./json_lists.ts";
import { pagesByTime } from "./keyset_batches.ts";

/** The columns of the pitch performance report, as its CSV header line names them. */
export const PITCH_PERFORMANCE_COLUMNS = [
  "id",
  "title",
  "status",
  "visibility",
  "published_at",
  "view_count",
  "save_count",
] as const;

/** Pitches read per query: a report line is about 100 bytes, so a page is about 50 KB. */
export const PITCH_REPORT_BATCH_ROWS = 500;

/**
 * Writes the pitch performance report of `ownerId` to `out`: one record per live (not deleted)
 * pitch, oldest first, read `PITCH_REPORT_BATCH_ROWS` at a time. CSV has the header line above
 * (formula cells neutralised, see `csv.ts`); JSON is `{ kind, exportId, generatedAt, items }`
 * with the same fields in camel case.
 */
export async function writePitchPerformance(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock">;
    input: {
      exportId: string;
      ownerId: string;
      format: ExportFormat;
      out: ExportSink;
      progress: BuildProgress;
    };
  },
): Promise<void> {
  const { out, progress } = input;
  const keys = { time: pitches.createdAt, tie: pitches.id };
  const pages = pagesByTime(
    progress,
    PITCH_REPORT_BATCH_ROWS,
    keys,
    (after, limit) =>
      ctx.db.select({
        key: micros(pitches.createdAt),
        tie: pitches.id,
        id: pitches.id,
        title: pitches.title,
        status: pitches.status,
        visibility: pitches.visibility,
        publishedAt: pitches.publishedAt,
        viewCount: pitches.viewCount,
        saveCount: pitches.saveCount,
      }).from(pitches)
        .where(and(eq(pitches.ownerId, input.ownerId), isNull(pitches.deletedAt), after))
        .orderBy(asc(pitches.createdAt), asc(pitches.id))
        .limit(limit),
  );

  if (input.format === "json") {
    const header = {
      kind: "pitch-performance",
      exportId: input.exportId,
      generatedAt: new Date(ctx.clock.now()).toISOString(),
    };
    await writeJsonDocument(out, progress, header, [{ name: "items", list: pages }]);
    return;
  }
  await out.write(csvLine(PITCH_PERFORMANCE_COLUMNS));
  for await (const rows of pages()) {
    await out.write(
      rows.map((r) =>
        csvLine([
          r.id,
          r.title,
          r.status,
          r.visibility,
          r.publishedAt?.toISOString() ?? null,
          r.viewCount,
          r.saveCount,
        ])
      ).join(""),
    );
    progress.rows += rows.length;
  }
}
