import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { NotFoundError } from "../../ports/errors.ts";
import { type PublicProfileView, toPublicProfileView } from "./user_view.ts";

/** What anyone, signed in or not, may see of a user (`GET /v1/users/{id}`): never the email. */
export async function getPublicProfile(
  { ctx, input }: { ctx: Pick<Ctx, "readDb">; input: { userId: string } },
): Promise<PublicProfileView> {
  const [row] = await ctx.readDb.select().from(users).where(eq(users.id, input.userId))
    .limit(1);
  if (!row) throw new NotFoundError(`User "${input.userId}" not found`);
  return toPublicProfileView(row);
}
