import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { apiKeys, sessions } from "../../db/tables/credentials.ts";
import { forgetCredentials } from "./forget_credentials.ts";

/**
 * Drops every cached principal of a user from every instance, without revoking anything: for
 * changes to what the user may do (a role) that cached principals carry. Call after the change
 * has committed; the next request of each credential loads the new state.
 */
export async function forgetUserPrincipals(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "cache" | "background">; input: { userId: string } },
): Promise<void> {
  const [sessionDigests, keyDigests] = await Promise.all([
    ctx.db.select({ digest: sessions.tokenHash }).from(sessions)
      .where(eq(sessions.userId, input.userId)),
    ctx.db.select({ digest: apiKeys.keyHash }).from(apiKeys).where(
      eq(apiKeys.userId, input.userId),
    ),
  ]);
  const digests = [...sessionDigests, ...keyDigests].map((r) => r.digest);
  await forgetCredentials({ ctx, input: { digests } });
}
