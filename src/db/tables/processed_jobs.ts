import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Deliveries of background jobs already handled. Queue delivery is at least once (QStash retries,
 * the in-process queue retries), so `runJob` inserts the message id in the job's own transaction
 * before the handler runs: a concurrent duplicate waits on the key, and a redelivery is a no-op.
 */
export const processedJobs = pgTable("processed_jobs", {
  messageId: text("message_id").primaryKey(),
  jobName: text("job_name").notNull(),
  processedAt: timestamp("processed_at", { withTimezone: true, mode: "date" }).notNull()
    .defaultNow(),
}, (t) => [index("processed_jobs_processed_at_idx").on(t.processedAt)]);
