import type { Ctx } from "../../context.ts";
import { reportExports } from "../../db/tables/exports.ts";
import type { ExportFormat, ExportKind } from "../../lib/enums.ts";
import { ConflictError, GoneError } from "../../ports/errors.ts";
import { exportNotFound, isExpired, ownedExport } from "./export_view.ts";
import { streamExportChunks } from "./stream_export_chunks.ts";

export interface ExportFile {
  kind: ExportKind;
  format: ExportFormat;
  createdAt: Date;
  /** The file's length, for `Content-Length`. */
  sizeBytes: number | null;
  /** The file, read from the database a chunk at a time as the client takes it. */
  body: ReadableStream<Uint8Array>;
}

/**
 * One of the caller's export files, as a stream: 404 for others' and unknown ids, 409 until it is
 * ready, 410 once it has expired.
 */
export async function downloadExport(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock" | "logger">;
    input: { exportId: string; userId: string };
  },
): Promise<ExportFile> {
  const { exportId } = input;
  const [row] = await ctx.db.select({
    kind: reportExports.kind,
    format: reportExports.format,
    status: reportExports.status,
    createdAt: reportExports.createdAt,
    buildId: reportExports.buildId,
    sizeBytes: reportExports.sizeBytes,
    expiresAt: reportExports.expiresAt,
    purgedAt: reportExports.purgedAt,
  }).from(reportExports).where(ownedExport(exportId, input.userId)).limit(1);
  if (!row) throw exportNotFound(exportId);
  if (row.status !== "ready" || row.buildId === null) {
    throw new ConflictError(
      `Export "${exportId}" is "${row.status}", not ready; download it once its status is "ready"`,
      { exportStatus: row.status },
    );
  }
  if (isExpired(row, ctx.clock.now())) {
    const expiredAt = (row.expiresAt ?? row.purgedAt)!.toISOString();
    throw new GoneError(
      `Export "${exportId}" expired at "${expiredAt}"; request a new export to get the data again`,
      { expiredAt },
    );
  }
  return {
    kind: row.kind,
    format: row.format,
    createdAt: row.createdAt,
    sizeBytes: row.sizeBytes,
    body: streamExportChunks({ ctx, input: { exportId, buildId: row.buildId } }),
  };
}
