import { date, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users.ts";

/**
 * Weekly digests already queued, one per user and week (the Monday, UTC, that starts it). The
 * row is written in the transaction that queues the email, so a second run of the job in the same
 * week skips the user: the digest goes out once.
 */
export const weeklyDigests = pgTable("weekly_digests", {
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  weekStart: date("week_start", { mode: "string" }).notNull(),
  pitchCount: integer("pitch_count").notNull(),
  queuedAt: timestamp("queued_at", { withTimezone: true, mode: "date" }).notNull(),
}, (t) => [primaryKey({ name: "weekly_digests_pkey", columns: [t.userId, t.weekStart] })]);
