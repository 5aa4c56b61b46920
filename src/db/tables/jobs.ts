import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { FAILED_JOB_STATUSES, type FailedJobStatus } from "../../lib/enums.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

/**
 * The transactional outbox: a job is a row written in the same transaction as the change that
 * causes it, so it exists exactly when the change does. A relay publishes pending rows to the
 * queue after the commit, with the row id as the queue's deduplication id, and stamps
 * `published_at`. `claimed_until` is both the relay's lease on a row (two relays never publish
 * one row at once) and, after a refused publish, the backoff before the next try.
 */
export const outbox = pgTable("outbox", {
  id: text("id").primaryKey(),
  jobName: text("job_name").notNull(),
  payload: jsonb("payload").notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  /** The job runs no earlier than this (a delay); the relay publishes with the time left. */
  availableAt: timestamptz("available_at").notNull().defaultNow(),
  publishedAt: timestamptz("published_at"),
  /** The queue's message id, once published. */
  messageId: text("message_id"),
  claimedUntil: timestamptz("claimed_until"),
  /** Publish attempts so far, the successful one included. */
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
}, (t) => [
  // Only pending rows are ever scanned, oldest first; published rows cost the index nothing.
  index("outbox_pending_idx").on(t.createdAt, t.id).where(sql`${t.publishedAt} is null`),
]);

/**
 * Dead letters: deliveries the queue gave up on (QStash's failure callback, or the in-process
 * queue's last attempt). An admin retries one (a new outbox row) or discards it; the row stays as
 * the record of what happened. `error` is text safe to show an admin, never a raw driver message.
 */
export const failedJobs = pgTable("failed_jobs", {
  id: text("id").primaryKey(),
  /** The queue's message id; a failure reported twice is recorded once. */
  messageId: text("message_id").notNull(),
  jobName: text("job_name").notNull(),
  payload: jsonb("payload").notNull(),
  error: text("error").notNull(),
  attempts: integer("attempts").notNull(),
  failedAt: timestamptz("failed_at").notNull().defaultNow(),
  status: text("status").$type<FailedJobStatus>().notNull().default("pending"),
  /** When an admin retried or discarded it. */
  resolvedAt: timestamptz("resolved_at"),
  /** The outbox row a retry enqueued. */
  retryOutboxId: text("retry_outbox_id"),
}, (t) => [
  uniqueIndex("failed_jobs_message_id_key").on(t.messageId),
  // The admin list: newest first, the id breaking ties.
  index("failed_jobs_failed_at_idx").on(t.failedAt.desc(), t.id.desc()),
  check("failed_jobs_status_check", sql`${t.status} in (${inList(FAILED_JOB_STATUSES)})`),
]);
