import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { failedJobs } from "../../db/tables/jobs.ts";
import type { FailedJobStatus } from "../../lib/enums.ts";
import { type KeysetPage, keysetPage, readMicrosCursor } from "../shared/keyset_page.ts";
import { signCursor } from "../shared/signed_cursor.ts";
import { type FailedJobView, toFailedJobView } from "./failed_job_view.ts";

export interface ListFailedJobsInput {
  limit: number;
  cursor?: string;
  status?: FailedJobStatus;
}

// Microseconds, as stored: a millisecond cursor would round and skip or repeat rows.
const failedAtMicros = sql<
  string
>`(extract(epoch from ${failedJobs.failedAt}) * 1000000)::bigint::text`;

/** Dead-lettered jobs, newest first, keyset-paginated on (failed at, id). */
export async function listFailedJobs(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "signer">; input: ListFailedJobsInput },
): Promise<KeysetPage<FailedJobView>> {
  const filters: SQL[] = [];
  if (input.status) filters.push(eq(failedJobs.status, input.status));
  if (input.cursor !== undefined) {
    const [micros, id] = await readMicrosCursor(ctx, input.cursor);
    filters.push(
      sql`(${failedJobs.failedAt}, ${failedJobs.id}) < (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${id})`,
    );
  }
  const rows = await ctx.db.select({ job: failedJobs, failedAtMicros }).from(failedJobs)
    .where(filters.length > 0 ? and(...filters) : undefined)
    .orderBy(desc(failedJobs.failedAt), desc(failedJobs.id))
    .limit(input.limit + 1);
  return keysetPage(
    rows,
    input.limit,
    (row) => toFailedJobView(row.job),
    (last) => signCursor(ctx, [last.failedAtMicros, last.job.id]),
  );
}
