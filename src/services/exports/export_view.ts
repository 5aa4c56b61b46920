import type { Ctx } from "../../context.ts";
import { and, eq } from "drizzle-orm";
import { reportExports } from "../../db/tables/exports.ts";
import { NotFoundError } from "../../ports/errors.ts";
import type { ExportFormat, ExportKind, ExportStatus } from "../../lib/enums.ts";

/** An export as its owner sees it: never the file itself, which has its own download route. */
export interface ExportView {
  id: string;
  kind: ExportKind;
  format: ExportFormat;
  status: ExportStatus;
  rowCount: number | null;
  createdAt: string;
  completedAt: string | null;
  /** When the file stops being downloadable; null until it is ready. */
  expiresAt: string | null;
  /** The file was built but has expired: the download answers 410. */
  expired: boolean;
  /** Where to fetch the file while it is ready and not expired; null otherwise. */
  downloadUrl: string | null;
  /** Why a `failed` export failed, in words for its owner; null otherwise. */
  error: string | null;
}

/** The columns a view needs: never the file's content. */
export const exportViewColumns = {
  id: reportExports.id,
  kind: reportExports.kind,
  format: reportExports.format,
  status: reportExports.status,
  rowCount: reportExports.rowCount,
  createdAt: reportExports.createdAt,
  completedAt: reportExports.completedAt,
  expiresAt: reportExports.expiresAt,
  purgedAt: reportExports.purgedAt,
  error: reportExports.error,
};

export type ExportViewRow = {
  id: string;
  kind: ExportKind;
  format: ExportFormat;
  status: ExportStatus;
  rowCount: number | null;
  createdAt: Date;
  completedAt: Date | null;
  expiresAt: Date | null;
  purgedAt: Date | null;
  error: string | null;
};

/** The API path of an export; its download lives under it. */
export function exportPath(exportId: string): string {
  return `/v1/me/exports/${exportId}`;
}

/**
 * Whether a built file is past its expiry at `now`, or already purged (which also covers an
 * expiry that a shorter `EXPORT_TTL_DAYS` would have moved).
 */
export function isExpired(
  row: Pick<ExportViewRow, "expiresAt" | "purgedAt">,
  now: number,
): boolean {
  return row.purgedAt !== null || (row.expiresAt !== null && row.expiresAt.getTime() <= now);
}

/** The view of `row` at `now` (epoch ms), which decides whether the file has expired. */
export function toExportView(row: ExportViewRow, now: number): ExportView {
  const expired = row.status === "ready" && isExpired(row, now);
  return {
    id: row.id,
    kind: row.kind,
    format: row.format,
    status: row.status,
    rowCount: row.rowCount,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    expired,
    downloadUrl: row.status === "ready" && !expired ? `${exportPath(row.id)}/download` : null,
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
