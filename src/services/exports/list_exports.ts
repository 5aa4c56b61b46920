import { desc, eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { reportExports } from "../../db/tables/exports.ts";
import { type ExportView, exportViewColumns, toExportView } from "./export_view.ts";

/** How many exports the list shows: the monthly quota keeps the total small. */
export const EXPORT_LIST_SIZE = 20;

/** The caller's newest exports, newest first, without their content. */
export async function listExports(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "clock">; input: { userId: string } },
): Promise<ExportView[]> {
  const rows = await ctx.db.select(exportViewColumns).from(reportExports)
    .where(eq(reportExports.userId, input.userId))
    .orderBy(desc(reportExports.createdAt), desc(reportExports.id))
    .limit(EXPORT_LIST_SIZE);
  const now = ctx.clock.now();
  return rows.map((row) => toExportView(row, now));
}
