import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { NotFoundError } from "../../ports/errors.ts";
import { forgetAccount } from "./account_cache.ts";
import { getAccount } from "./get_account.ts";
import { type AccountView, toAccountView } from "./user_view.ts";

/** The fields an owner may change; `null` clears bio or avatar, an absent field is left alone. */
export interface ProfileChanges {
  name?: string;
  bio?: string | null;
  avatarUrl?: string | null;
}

/**
 * Applies profile changes and bumps `updatedAt`. An empty change set is a no-op that returns the
 * account as it is, without touching `updatedAt`: nothing changed, so clients' caches stay valid.
 */
export async function updateProfile(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock">;
    input: { userId: string; changes: ProfileChanges };
  },
): Promise<AccountView> {
  const { name, bio, avatarUrl } = input.changes;
  // Picked one by one so nothing but these three columns can ever be written from a request.
  const set = Object.fromEntries(
    Object.entries({ name, bio, avatarUrl }).filter(([, value]) => value !== undefined),
  ) as ProfileChanges;
  if (Object.keys(set).length === 0) return await getAccount({ ctx, input });

  const [row] = await ctx.db.update(users)
    .set({ ...set, updatedAt: new Date(ctx.clock.now()) })
    .where(eq(users.id, input.userId))
    .returning();
  if (!row) throw new NotFoundError(`Account "${input.userId}" not found`);
  await forgetAccount(ctx, input.userId);
  return toAccountView(row);
}
