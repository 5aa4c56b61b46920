import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";

/**
 * Runs `work` in a transaction, handing it the caller's own context with `db` replaced by the
 * transaction. Inside one already, it nests as a savepoint, so a verb that needs atomicity can open
 * a transaction without knowing whether its caller did.
 */
export function withTransaction<C extends Pick<Ctx, "db">, T>(
  ctx: C,
  work: (ctx: C) => Promise<T>,
): Promise<T> {
  // Db and Tx both have `transaction`; the union's call signatures just do not unify.
  return (ctx.db as Db).transaction((tx) => work({ ...ctx, db: tx }));
}
