import { sql } from "drizzle-orm";
import { check, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { UserRole } from "../../lib/enums.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Accounts. `email` is stored normalised (trimmed, lower case) so the unique index is the single
 * arbiter of duplicates, including concurrent sign-ups. `password_hash` carries its algorithm and
 * parameters (`pbkdf2-sha256$<iterations>$<salt>$<hash>`) so they can be raised later. The three
 * `suspended_*` columns are set and cleared together.
 */
export const users = pgTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull(),
  name: text("name").notNull(),
  role: text("role").$type<UserRole>().notNull(),
  bio: text("bio"),
  avatarUrl: text("avatar_url"),
  passwordHash: text("password_hash").notNull(),
  emailVerifiedAt: timestamptz("email_verified_at"),
  /** Set while an administrator has suspended the account: no credential of it authenticates. */
  suspendedAt: timestamptz("suspended_at"),
  suspendedReason: text("suspended_reason"),
  /** The administrator who suspended it (no foreign key: the record outlives their account). */
  suspendedBy: text("suspended_by"),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
}, (t) => [
  uniqueIndex("users_email_key").on(t.email),
  check("users_role_check", sql`${t.role} in ('creator', 'investor', 'admin')`),
]);
