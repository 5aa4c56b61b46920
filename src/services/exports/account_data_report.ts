import type { Ctx } from "../../context.ts";
import { accountContentSections } from "./account_data_content.ts";
import { accountEmailSections } from "./account_data_email.ts";
import { accountProfileSections } from "./account_data_profile.ts";
import { accountUsageSections } from "./account_data_usage.ts";
import type { BuildProgress, ExportSink } from "./export_file_writer.ts";
import { writeJsonDocument } from "./json_lists.ts";

/**
 * Writes everything the service holds about `userId` as one JSON document (the data-portability
 * export): `{ kind, exportId, generatedAt, account, sessions, apiKeys, emailLinks, billing,
 * pitches, saves, following, followers, pitchViews, usageCounters, usageLedger, exports,
 * emailOptOuts, emailDailyCounts, weeklyDigests }`.
 * Lists are read in keyset pages and written as they are read. Credentials are never in it: the
 * sections name their columns, and the writer refuses any field named like a credential.
 */
export async function writeAccountData(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock">;
    input: { exportId: string; userId: string; out: ExportSink; progress: BuildProgress };
  },
): Promise<void> {
  const { userId, progress } = input;
  const header = {
    kind: "account-data",
    exportId: input.exportId,
    generatedAt: new Date(ctx.clock.now()).toISOString(),
  };
  await writeJsonDocument(input.out, progress, header, [
    ...accountProfileSections(ctx, userId, progress),
    ...accountContentSections(ctx, userId, progress),
    ...accountUsageSections(ctx, userId, progress),
    ...accountEmailSections(ctx, userId, progress),
  ]);
}
