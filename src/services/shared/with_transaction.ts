import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import type { OutboxRelay } from "../../ports/outbox_relay.ts";

/**
 * Stands in for the outbox relay inside a transaction: a row enqueued there is not visible to the
 * relay until the commit, so the kick is remembered and made after the outermost commit.
 */
class KickAfterCommit implements OutboxRelay {
  requested = false;
  kick(): void {
    this.requested = true;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Runs `work` in a transaction, handing it the caller's own context with `db` replaced by the
 * transaction. Inside one already, it nests as a savepoint, so a verb that needs atomicity can open
 * a transaction without knowing whether its caller did. Jobs enqueued inside (`enqueueJob`) kick
 * the outbox relay once the outermost transaction has committed, and never when it rolls back.
 */
export async function withTransaction<C extends Pick<Ctx, "db">, T>(
  ctx: C,
  work: (ctx: C) => Promise<T>,
): Promise<T> {
  // The static type may leave `outbox` out while the object carries it (callers pass their ctx on).
  const relay = (ctx as Partial<Pick<Ctx, "outbox">>).outbox;
  const outermost = relay !== undefined && !(relay instanceof KickAfterCommit);
  const held = outermost ? new KickAfterCommit() : undefined;
  const inner = held ? { ...ctx, outbox: held } : ctx;
  // Db and Tx both have `transaction`; the union's call signatures just do not unify.
  // Reads inside a transaction must see its writes, so a `readDb` the context carries follows it.
  const carriesReads = "readDb" in ctx;
  const result = await (ctx.db as Db).transaction((tx) =>
    work(carriesReads ? { ...inner, db: tx, readDb: tx } : { ...inner, db: tx })
  );
  if (held?.requested) relay!.kick();
  return result;
}
