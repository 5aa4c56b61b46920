import type { Ctx } from "../../context.ts";
import type { ExportFormat, ExportKind } from "../../lib/enums.ts";
import { newId } from "../../lib/ids.ts";
import { writeAccountData } from "./account_data_report.ts";
import { type BuildProgress, openExportFile } from "./export_file_writer.ts";
import { writePitchPerformance } from "./pitch_performance_report.ts";

/** What a build needs to know about the export it writes. */
export interface ExportToWrite {
  exportId: string;
  userId: string;
  kind: ExportKind;
  format: ExportFormat;
}

/** A written file: its build id, and what it took. */
export interface WrittenExport {
  buildId: string;
  rowCount: number;
  sizeBytes: number;
  stats: BuildProgress & { chunks: number; bytes: number };
}

/**
 * Writes the file of an export under a new build id, streaming: rows are read a page at a time
 * and the file goes into `export_chunks` as it grows, so memory holds one page and one chunk
 * whatever the file's size. The job runs it in a transaction, so a failure leaves no chunks;
 * chunks a caller outside one leaves behind are swept by `purgeExpiredExports`.
 */
export async function writeExportFile(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "clock">; input: ExportToWrite },
): Promise<WrittenExport> {
  const { exportId, userId } = input;
  const buildId = newId("bld");
  const out = openExportFile({ ctx, input: { exportId, buildId } });
  const progress: BuildProgress = { rows: 0, batches: 0 };
  if (input.kind === "account-data") {
    await writeAccountData({ ctx, input: { exportId, userId, out, progress } });
  } else {
    await writePitchPerformance({
      ctx,
      input: { exportId, ownerId: userId, format: input.format, out, progress },
    });
  }
  const { chunks, bytes } = await out.finish();
  return {
    buildId,
    rowCount: progress.rows,
    sizeBytes: bytes,
    stats: { ...progress, chunks, bytes },
  };
}
