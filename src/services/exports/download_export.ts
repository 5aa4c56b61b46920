import type { Ctx } from "../../context.ts";
import { reportExports } from "../../db/tables/exports.ts";
import { ConflictError } from "../../ports/errors.ts";
import { exportNotFound, ownedExport } from "./export_view.ts";
import type { ExportKind } from "../../lib/enums.ts";

export interface ExportFile {
  kind: ExportKind;
  createdAt: Date;
  /** The CSV, RFC 4180, CRLF line ends. */
  csv: string;
}

/** The CSV of one of the caller's exports: 404 for others' and unknown ids, 409 until it is ready. */
export async function downloadExport(
  { ctx, input }: { ctx: Pick<Ctx, "db">; input: { exportId: string; userId: string } },
): Promise<ExportFile> {
  const { exportId, userId } = input;
  const [row] = await ctx.db.select({
    kind: reportExports.kind,
    status: reportExports.status,
    createdAt: reportExports.createdAt,
    content: reportExports.content,
  }).from(reportExports).where(ownedExport(exportId, userId)).limit(1);
  if (!row) throw exportNotFound(exportId);
  if (row.status !== "ready" || row.content === null) {
    throw new ConflictError(
      `Export "${exportId}" is "${row.status}", not ready; download it once its status is "ready"`,
      { exportStatus: row.status },
    );
  }
  return { kind: row.kind, createdAt: row.createdAt, csv: row.content };
}
