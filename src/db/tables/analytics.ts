import { date, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { pitches } from "./pitches.ts";

/**
 * Distinct viewers per pitch and UTC day, rolled up from `pitch_views` by the retention job. Raw
 * rows are pruned after 30 days; these stay, and analytics reads them for every rolled-up day.
 */
export const pitchViewDaily = pgTable("pitch_view_daily", {
  pitchId: text("pitch_id").notNull().references(() => pitches.id, { onDelete: "cascade" }),
  day: date("day", { mode: "string" }).notNull(),
  views: integer("views").notNull(),
}, (t) => [primaryKey({ name: "pitch_view_daily_pkey", columns: [t.pitchId, t.day] })]);

/**
 * The days already rolled up into `pitch_view_daily`. A day without a row here is read from the
 * raw `pitch_views` (today, or a day the job has not reached yet); a day with one from the
 * roll-up, even for a pitch with no roll-up row that day (it had no views).
 */
export const pitchViewRollups = pgTable("pitch_view_rollups", {
  day: date("day", { mode: "string" }).primaryKey(),
  rolledUpAt: timestamp("rolled_up_at", { withTimezone: true, mode: "date" }).notNull(),
});
