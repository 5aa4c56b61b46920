import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { users } from "./users.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** `running` while the first request holds the key; `completed` once its response is stored. */
export type IdempotencyStatus = "running" | "completed";

/**
 * `Idempotency-Key`s of POSTs that create or spend, per user, kept 24 hours. A request claims its
 * key by inserting the row (`running`) before its handler runs, so a concurrent copy finds it; the
 * response is then stored (`completed`) for replays, or the row is deleted so a retry runs again.
 * Only a digest of the key is kept, and the body is sealed with a key derived from the
 * `Idempotency-Key` itself: a copy of this table cannot read a stored response (one carries a new
 * API key). Rows go with their user, and `applyRetention` deletes them once expired.
 */
export const idempotencyKeys = pgTable("idempotency_keys", {
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  /** SHA-256 of the key, hex. */
  keyDigest: text("key_digest").notNull(),
  /** SHA-256 of method, path and canonical body: the same key with another request is refused. */
  fingerprint: text("fingerprint").notNull(),
  status: text("status").$type<IdempotencyStatus>().notNull(),
  /** Which request holds the claim: only it may store its response or release the key. */
  claimId: text("claim_id").notNull(),
  /** A `running` claim not completed by then is taken to be abandoned (its instance died). */
  lockedUntil: timestamptz("locked_until"),
  responseStatus: integer("response_status"),
  responseHeaders: jsonb("response_headers").$type<Record<string, string>>(),
  /** The sealed response body (see `sealed_response.ts`). */
  responseBody: text("response_body"),
  createdAt: timestamptz("created_at").notNull(),
  completedAt: timestamptz("completed_at"),
  expiresAt: timestamptz("expires_at").notNull(),
}, (t) => [
  primaryKey({ name: "idempotency_keys_pkey", columns: [t.userId, t.keyDigest] }),
  index("idempotency_keys_expires_at_idx").on(t.expiresAt),
  check("idempotency_keys_status_check", sql`${t.status} in ('running', 'completed')`),
]);
