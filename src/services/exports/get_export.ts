import type { Ctx } from "../../context.ts";
import { type ExportView, findOwnedExport, toExportView } from "./export_view.ts";

/** One of the caller's exports; another user's or an unknown id is 404. */
export async function getExport(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "clock">; input: { exportId: string; userId: string } },
): Promise<ExportView> {
  return toExportView(await findOwnedExport({ ctx, input }), ctx.clock.now());
}
