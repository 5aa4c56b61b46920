import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users.ts";
import {
  EXPORT_KINDS,
  EXPORT_STATUSES,
  type ExportKind,
  type ExportStatus,
} from "../../lib/enums.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

/**
 * Report exports a user asked for. A row is written `queued` in the same transaction that spends
 * the monthly quota, and the `build-report-export` job fills in `content` (the CSV) and marks it
 * `ready`. The CSV lives in the row: reports are small (one line per pitch of one owner), and a
 * separate blob store would be one more dependency to fail. `failed` and `error` are for a build
 * that can never succeed; the job sets neither yet: every failure so far is one the queue retries.
 */
export const reportExports = pgTable("report_exports", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  kind: text("kind").$type<ExportKind>().notNull(),
  status: text("status").$type<ExportStatus>().notNull().default("queued"),
  rowCount: integer("row_count"),
  content: text("content"),
  error: text("error"),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  completedAt: timestamptz("completed_at"),
}, (t) => [
  // The caller's newest exports first, with the id as the tie-breaker.
  index("report_exports_user_created_idx").on(
    t.userId,
    t.createdAt.desc().nullsFirst(),
    t.id.desc().nullsFirst(),
  ),
  check("report_exports_kind_check", sql`${t.kind} in (${inList(EXPORT_KINDS)})`),
  check("report_exports_status_check", sql`${t.status} in (${inList(EXPORT_STATUSES)})`),
]);
