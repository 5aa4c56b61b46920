import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./users.ts";
import type { ApiKeyScope, OneTimeTokenPurpose } from "../../lib/enums.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Login sessions. Only the SHA-256 digest of the bearer token is stored: a database leak yields no
 * usable token. Expiry slides forward with use; logout and password changes set `revoked_at`.
 */
export const sessions = pgTable("sessions", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  tokenHash: text("token_hash").notNull(),
  userAgent: text("user_agent"),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  lastSeenAt: timestamptz("last_seen_at").notNull().defaultNow(),
  expiresAt: timestamptz("expires_at").notNull(),
  revokedAt: timestamptz("revoked_at"),
}, (t) => [
  uniqueIndex("sessions_token_hash_key").on(t.tokenHash),
  index("sessions_user_id_idx").on(t.userId),
]);

/**
 * API keys for machine clients. `prefix` (the first characters, e.g. `pk_AbCd1234`) is kept in
 * clear so owners can tell keys apart; the key itself only as a digest.
 */
export const apiKeys = pgTable("api_keys", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  prefix: text("prefix").notNull(),
  keyHash: text("key_hash").notNull(),
  scopes: text("scopes").array().$type<ApiKeyScope[]>().notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  lastUsedAt: timestamptz("last_used_at"),
  revokedAt: timestamptz("revoked_at"),
}, (t) => [
  uniqueIndex("api_keys_key_hash_key").on(t.keyHash),
  index("api_keys_user_id_idx").on(t.userId),
]);

/** Single-use, expiring tokens sent in email links (verification, password reset). */
export const oneTimeTokens = pgTable("one_time_tokens", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  purpose: text("purpose").$type<OneTimeTokenPurpose>().notNull(),
  tokenHash: text("token_hash").notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  expiresAt: timestamptz("expires_at").notNull(),
  usedAt: timestamptz("used_at"),
}, (t) => [
  uniqueIndex("one_time_tokens_token_hash_key").on(t.tokenHash),
  index("one_time_tokens_user_id_idx").on(t.userId),
  check("one_time_tokens_purpose_check", sql`${t.purpose} in ('verify-email', 'password-reset')`),
]);
