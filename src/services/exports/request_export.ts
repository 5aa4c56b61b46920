import type { Ctx } from "../../context.ts";
import { withTransaction } from "../shared/with_transaction.ts";
import { reportExports } from "../../db/tables/exports.ts";
import { newId } from "../../lib/ids.ts";
import { consumeQuota } from "../billing/consume_quota.ts";
import { forgetUsage } from "../billing/usage_cache.ts";
import { quotaExceeded } from "../billing/quota_exceeded.ts";
import { resolveEntitlements } from "../billing/resolve_entitlements.ts";
import { enqueueJob } from "../jobs/enqueue_job.ts";
import { buildReportExportJob } from "./build_report_export_job.ts";
import { type ExportView, exportViewColumns, toExportView } from "./export_view.ts";
import { EXPORT_KIND_FORMATS, type ExportFormat, type ExportKind } from "../../lib/enums.ts";
import { BadRequestError } from "../../ports/errors.ts";

/**
 * Starts a report export: spends one unit of the plan's monthly "exports" quota, records the
 * export as queued and enqueues its build, in one transaction. The build job is an outbox row, so
 * it exists exactly when the export does: the relay publishes it after the commit, and a queue
 * outage only delays the build (the row is published once the queue works again). `format`
 * defaults to the kind's first (CSV for the pitch report, JSON for the account data); a format
 * the kind lacks is a 400.
 */
export async function requestExport(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "logger" | "outbox">;
    input: { userId: string; kind: ExportKind; format?: ExportFormat };
  },
): Promise<ExportView> {
  const { userId, kind } = input;
  const formats = EXPORT_KIND_FORMATS[kind];
  const format = input.format ?? formats[0]!;
  if (!formats.includes(format)) {
    throw new BadRequestError(
      `Cannot export "${kind}" as "${format}": it is written as ${
        formats.map((f) => `"${f}"`).join(" or ")
      } only`,
    );
  }
  const entitlements = await resolveEntitlements({ ctx, input: { userId } });
  const limit = entitlements.limits.monthlyExports;
  const now = ctx.clock.now();
  const view = await withTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    const outcome = await consumeQuota({
      ctx: txCtx,
      input: { userId, metric: "exports", amount: 1, limit },
    });
    if (!outcome.allowed) {
      throw quotaExceeded(
        `Cannot export "${kind}": plan "${entitlements.plan}" allows ${limit} export${
          limit === 1 ? "" : "s"
        } a month`,
        "exports",
        outcome,
      );
    }
    const [row] = await tx.insert(reportExports).values({
      id: newId("exp"),
      userId,
      kind,
      format,
      status: "queued",
      createdAt: new Date(now),
    }).returning(exportViewColumns);
    const exportId = row!.id;
    await enqueueJob({
      ctx: txCtx,
      input: { name: buildReportExportJob.name, payload: { exportId } },
    });
    return toExportView(row!, now);
  });
  await forgetUsage(ctx, userId);
  return view;
}
