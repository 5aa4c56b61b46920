import type { Ctx } from "../../context.ts";
import { and, eq } from "drizzle-orm";
import { reportExports } from "../../db/tables/exports.ts";
import { NotFoundError } from "../../ports/errors.ts";
import type { ExportKind, ExportStatus } from "../../lib/enums.ts";

/** An export as its owner sees it: never the CSV itself, which has its own download route. */
export interface ExportView {
  id: string;
  kind: ExportKind;
  status: ExportStatus;
  rowCount: number | null;
  createdAt: string;
  completedAt: string | null;
  /** Where to fetch the CSV once it is ready; null before. */
  downloadUrl: string | null;
  /** Why a `failed` export failed, in words for its owner; null otherwise. */
  error: string | null;
}

/** The columns a view needs: everything but `content`, which can be large. */
export const exportViewColumns = {
  id: reportExports.id,
  kind: reportExports.kind,
  status: reportExports.status,
  rowCount: reportExports.rowCount,
  createdAt: reportExports.createdAt,
  completedAt: reportExports.completedAt,
  error: reportExports.error,
};

export type ExportViewRow = {
  id: string;
  kind: ExportKind;
  status: ExportStatus;
  rowCount: number | null;
  createdAt: Date;
  completedAt: Date | null;
  error: string | null;
};

/** The API path of an export; its download lives under it. */
export function exportPath(exportId: string): string {
  return `/v1/me/exports/${exportId}`;
}

export function toExportView(row: ExportViewRow): ExportView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    rowCount: row.rowCount,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    downloadUrl: row.status === "ready" ? `${exportPath(row.id)}/download` : null,
    error: row.status === "failed" ? row.error : null,
  };
}

/** Unknown and someone else's exports look the same: neither says the other exists. */
export function exportNotFound(exportId: string): NotFoundError {
  return new NotFoundError(`Export "${exportId}" not found`);
}

/** Matches the export `exportId` only when `userId` owns it. */
export function ownedExport(exportId: string, userId: string) {
  return and(eq(reportExports.id, exportId), eq(reportExports.userId, userId));
}

/** The owner's export by id, without its content, or a 404. */
export async function findOwnedExport(
  { ctx, input }: { ctx: Pick<Ctx, "db">; input: { exportId: string; userId: string } },
): Promise<ExportViewRow> {
  const [row] = await ctx.db.select(exportViewColumns).from(reportExports)
    .where(ownedExport(input.exportId, input.userId)).limit(1);
  if (!row) throw exportNotFound(input.exportId);
  return row;
}
