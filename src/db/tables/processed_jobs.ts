import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Deliveries of background jobs already handled. Queue delivery is at least once (QStash retries,
 * the in-process queue retries), so a handler's message id is recorded after it ran and a
 * redelivery becomes a no-op.
 */
export const processedJobs = pgTable("processed_jobs", {
  messageId: text("message_id").primaryKey(),
  jobName: text("job_name").notNull(),
  processedAt: timestamp("processed_at", { withTimezone: true, mode: "date" }).notNull()
    .defaultNow(),
}, (t) => [index("processed_jobs_processed_at_idx").on(t.processedAt)]);
