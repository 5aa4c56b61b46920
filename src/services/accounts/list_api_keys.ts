import { and, desc, eq, isNull } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { apiKeys } from "../../db/tables/credentials.ts";
import type { ApiKeyScope } from "../../lib/enums.ts";

/** An API key as its owner sees it in a list: never the key, never its digest. */
export interface ApiKeyView {
  id: string;
  name: string;
  /** The key's first characters, so owners can tell keys apart. */
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  lastUsedAt: string | null;
}

/**
 * The caller's active (not revoked) API keys, newest first. Unpaginated: `createApiKey` caps the
 * active keys of a user at `MAX_ACTIVE_API_KEYS`.
 */
export async function listApiKeys(
  { ctx, input }: { ctx: Pick<Ctx, "db">; input: { userId: string } },
): Promise<ApiKeyView[]> {
  // Columns named one by one so the digest never leaves the database.
  const rows = await ctx.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, input.userId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }));
}
