import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/database.ts";
import { apiKeys, sessions } from "../../db/tables/credentials.ts";
import { users } from "../../db/tables/users.ts";

/**
 * The two lookups behind every uncached authentication, prepared once per database handle: drizzle's
 * query builder costs more than the query itself on this path (see STYLE.md's measurements). A
 * suspended user's credentials find nothing, exactly like revoked ones, and work again once the
 * suspension is lifted (`suspendUser` drops the cached principals both ways).
 */
function prepare(db: Db) {
  const digest = sql.placeholder("digest");
  return {
    session: db
      .select({
        id: sessions.id,
        userId: sessions.userId,
        role: users.role,
        expiresAt: sessions.expiresAt,
        lastSeenAt: sessions.lastSeenAt,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(
        eq(sessions.tokenHash, digest),
        isNull(sessions.revokedAt),
        isNull(users.suspendedAt),
      ))
      .limit(1)
      .prepare("principal_by_session_digest"),
    apiKey: db
      .select({
        id: apiKeys.id,
        userId: apiKeys.userId,
        role: users.role,
        scopes: apiKeys.scopes,
        lastUsedAt: apiKeys.lastUsedAt,
        createdAt: apiKeys.createdAt,
      })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(and(
        eq(apiKeys.keyHash, digest),
        isNull(apiKeys.revokedAt),
        isNull(users.suspendedAt),
      ))
      .limit(1)
      .prepare("principal_by_api_key_digest"),
  };
}

const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();

/** The prepared principal lookups for `db`, built on first use. */
export function principalQueries(db: Db): ReturnType<typeof prepare> {
  let queries = prepared.get(db);
  if (!queries) {
    queries = prepare(db);
    prepared.set(db, queries);
  }
  return queries;
}
