import { date, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { NotificationCategory } from "../../lib/email_categories.ts";
import { users } from "./users.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Notification categories a user unsubscribed from: a row means "do not send". The primary key
 * makes unsubscribing idempotent; rows go with their user.
 */
export const emailOptOuts = pgTable("email_opt_outs", {
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  category: text("category").$type<NotificationCategory>().notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
}, (t) => [primaryKey({ name: "email_opt_outs_pkey", columns: [t.userId, t.category] })]);

/**
 * Notification emails sent to a user per UTC day, for the daily cap. One conditional upsert
 * (`sent < cap`) reserves a send, so concurrent jobs never exceed the cap. Rows older than a few
 * days serve nothing and may be pruned by the retention job.
 */
export const emailDailyCounts = pgTable("email_daily_counts", {
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  day: date("day", { mode: "string" }).notNull(),
  sent: integer("sent").notNull(),
}, (t) => [primaryKey({ name: "email_daily_counts_pkey", columns: [t.userId, t.day] })]);
