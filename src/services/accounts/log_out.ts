import { and, eq, isNull } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { sessions } from "../../db/tables/credentials.ts";
import { BadRequestError } from "../../ports/errors.ts";
import { forgetCredentials } from "./forget_credentials.ts";
import type { Principal } from "../../lib/principal.ts";

/** Revokes the caller's session: the token fails on the next request, on every instance. */
export async function logOut(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "background">;
    input: { principal: Principal };
  },
): Promise<void> {
  if (input.principal.via !== "session") {
    throw new BadRequestError(
      "An API key cannot log out; revoke it with DELETE /v1/me/api-keys/{id}",
    );
  }
  const revoked = await ctx.db.update(sessions)
    .set({ revokedAt: new Date(ctx.clock.now()) })
    .where(and(eq(sessions.id, input.principal.credentialId), isNull(sessions.revokedAt)))
    .returning({ digest: sessions.tokenHash });
  await forgetCredentials({ ctx, input: { digests: revoked.map((r) => r.digest) } });
}
