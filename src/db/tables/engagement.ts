import { date, index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { pitches } from "./pitches.ts";
import { users } from "./users.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** A user's saved pitches; the primary key makes saving idempotent. */
export const saves = pgTable("saves", {
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  pitchId: text("pitch_id").notNull().references(() => pitches.id, { onDelete: "cascade" }),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
}, (t) => [
  primaryKey({ name: "saves_pkey", columns: [t.userId, t.pitchId] }),
  index("saves_user_created_idx").on(
    t.userId,
    t.createdAt.desc().nullsFirst(),
    t.pitchId.desc().nullsFirst(),
  ),
  index("saves_pitch_idx").on(t.pitchId),
]);

/** Who follows whom; the primary key makes following idempotent. */
export const follows = pgTable("follows", {
  followerId: text("follower_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  followeeId: text("followee_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
}, (t) => [
  primaryKey({ name: "follows_pkey", columns: [t.followerId, t.followeeId] }),
  index("follows_follower_created_idx").on(
    t.followerId,
    t.createdAt.desc().nullsFirst(),
    t.followeeId.desc().nullsFirst(),
  ),
  index("follows_followee_idx").on(t.followeeId),
]);

/**
 * One row per pitch, viewer and day: the unique key is what makes "one view per viewer per day"
 * hold across instances. `viewer` is a digest (user id, or the network address of an anonymous
 * reader: see `lib/viewer_digest.ts`), never an address in clear. Rows older than a
 * few days only serve deduplication and are pruned.
 */
export const pitchViews = pgTable("pitch_views", {
  pitchId: text("pitch_id").notNull().references(() => pitches.id, { onDelete: "cascade" }),
  viewer: text("viewer").notNull(),
  day: date("day", { mode: "string" }).notNull(),
}, (t) => [
  primaryKey({ name: "pitch_views_pkey", columns: [t.pitchId, t.viewer, t.day] }),
  index("pitch_views_day_idx").on(t.day),
]);
