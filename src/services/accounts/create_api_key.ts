import { and, count, eq, isNull } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { apiKeys } from "../../db/tables/credentials.ts";
import { users } from "../../db/tables/users.ts";
import { newId } from "../../lib/ids.ts";
import { randomToken, sha256Hex } from "../../lib/secure_tokens.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../../ports/errors.ts";
import { API_KEY_PREFIX } from "./principal.ts";
import { API_KEY_SCOPES, type ApiKeyScope } from "../../lib/enums.ts";

/** Active keys a user may hold; revoking one frees a place. */
export const MAX_ACTIVE_API_KEYS = 25;

/** Characters of the key kept in clear: `pk_` and 9 random characters, far too few to guess from. */
const SHOWN_PREFIX_LENGTH = 12;

/** A new key: the only time the full key is ever returned. */
export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  /** The full key; stored only as its SHA-256 digest, so it cannot be shown again. */
  key: string;
}

/**
 * Mints an API key for a user whose email address is verified. At most `MAX_ACTIVE_API_KEYS` active keys per user; the user row is
 * locked while counting so two concurrent requests cannot both take the last place.
 */
export async function createApiKey(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock">;
    input: { userId: string; name: string; scopes: readonly ApiKeyScope[] };
  },
): Promise<CreatedApiKey> {
  const key = randomToken(API_KEY_PREFIX, 32);
  const createdAt = new Date(ctx.clock.now());
  // Stored in one canonical order, whatever order the request used.
  const scopes = API_KEY_SCOPES.filter((scope) => input.scopes.includes(scope));
  const row = {
    id: newId("key"),
    userId: input.userId,
    name: input.name,
    prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
    keyHash: sha256Hex(key),
    scopes,
    createdAt,
  };
  await ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, verifiedAt: users.emailVerifiedAt }).from(users)
      .where(eq(users.id, input.userId)).for("update");
    if (!user) throw new NotFoundError(`Account "${input.userId}" not found`);
    // A key outlives sessions and is easy to forget: only the proven owner of the address may
    // mint one, or whoever registered someone else's address first would keep a way in.
    if (user.verifiedAt === null) {
      throw new ForbiddenError(
        `Account "${input.userId}" must verify its email address before creating API keys`,
      );
    }
    const [active] = await tx.select({ n: count() }).from(apiKeys)
      .where(and(eq(apiKeys.userId, input.userId), isNull(apiKeys.revokedAt)));
    if ((active?.n ?? 0) >= MAX_ACTIVE_API_KEYS) {
      throw new ConflictError(
        `Account "${input.userId}" already has ${MAX_ACTIVE_API_KEYS} active API keys, the most allowed; revoke one first`,
        { limit: MAX_ACTIVE_API_KEYS },
      );
    }
    await tx.insert(apiKeys).values(row);
  });
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes,
    createdAt: createdAt.toISOString(),
    key,
  };
}
