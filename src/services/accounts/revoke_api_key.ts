import { and, eq, isNull } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { apiKeys } from "../../db/tables/credentials.ts";
import { NotFoundError } from "../../ports/errors.ts";
import { forgetCredentials } from "./forget_credentials.ts";

/**
 * Revokes one of the user's API keys: it fails on its next request, on every instance. Another
 * user's key, an unknown id and an already revoked key all answer the same "not found", so an id
 * reveals nothing about keys the caller does not own.
 */
export async function revokeApiKey(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "background">;
    input: { userId: string; keyId: string };
  },
): Promise<void> {
  const revoked = await ctx.db.update(apiKeys)
    .set({ revokedAt: new Date(ctx.clock.now()) })
    .where(and(
      eq(apiKeys.id, input.keyId),
      eq(apiKeys.userId, input.userId),
      isNull(apiKeys.revokedAt),
    ))
    .returning({ digest: apiKeys.keyHash });
  if (revoked.length === 0) throw new NotFoundError(`API key "${input.keyId}" not found`);
  await forgetCredentials({ ctx, input: { digests: revoked.map((row) => row.digest) } });
}
