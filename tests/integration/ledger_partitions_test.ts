import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { rowsOf } from "../../src/db/raw_rows.ts";
import { consumeQuota } from "../../src/services/billing/consume_quota.ts";
import {
  maintainLedgerPartitions,
  monthsFrom,
} from "../../src/services/maintenance/maintain_ledger_partitions.ts";
import { withTransaction } from "../../src/services/shared/with_transaction.ts";
import { signUpUser } from "../support/accounts.ts";
import { createHarness, type Harness } from "../support/harness.ts";

/** The ledger's partitions by name, sorted (`usage_ledger_2026_03`, ..., `usage_ledger_default`). */
async function partitions(h: Harness): Promise<string[]> {
  const result = await h.deps.db.execute(sql`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'usage_ledger'::regclass order by 1`);
  return rowsOf<{ name: string }>(result).map((r) => r.name);
}

/** Ledger rows per partition they are stored in. */
async function rowsByPartition(h: Harness): Promise<Record<string, number>> {
  const result = await h.deps.db.execute(sql`
    select tableoid::regclass::text as partition, count(*)::int as n from usage_ledger group by 1`);
  return Object.fromEntries(
    rowsOf<{ partition: string; n: number }>(result).map((r) => [r.partition, Number(r.n)]),
  );
}

async function ledgerTotal(h: Harness): Promise<number> {
  const result = await h.deps.db.execute(
    sql`select coalesce(sum(amount), 0)::int as total, count(*)::int as n from usage_ledger`,
  );
  return Number(rowsOf<{ total: number }>(result)[0]!.total);
}

/** `usage_ledger_2026_03` for the month `offset` months after `base`. */
function monthPartition(base: number, offset: number): string {
  const month = monthsFrom(base, offset).at(-1)!;
  return `usage_ledger_${month.slice(0, 4)}_${month.slice(5, 7)}`;
}

/** 00:30 UTC on the first day of the month `offset` months after `base`. */
function firstOfMonth(base: number, offset: number): number {
  return Date.parse(monthsFrom(base, offset).at(-1)!) + 30 * 60_000;
}

Deno.test("usage ledger partitions across month boundaries", async (t) => {
  const h = await createHarness();
  const base = h.clock.now();
  try {
    const user = await signUpUser(h);
    const consume = async () => {
      const outcome = await consumeQuota({
        ctx: h.deps,
        input: { userId: user.id, metric: "exports", amount: 1, limit: null },
      });
      assert.ok(outcome.allowed, JSON.stringify(outcome));
    };

    await t.step("a run keeps this month and the next two; a second run creates none", async () => {
      await maintainLedgerPartitions({ ctx: h.deps });
      const names = await partitions(h);
      for (const offset of [0, 1, 2]) {
        assert.ok(names.includes(monthPartition(base, offset)), names.join(", "));
      }
      assert.deepEqual(await maintainLedgerPartitions({ ctx: h.deps }), {
        created: [],
        movedRows: 0,
      });
      assert.deepEqual(await partitions(h), names);
    });

    await t.step(
      "across three month boundaries every month's rows get their own partition",
      async () => {
        await consume();
        for (const offset of [1, 2, 3]) {
          h.clock.set(firstOfMonth(base, offset));
          await consume();
          const result = await maintainLedgerPartitions({ ctx: h.deps });
          assert.deepEqual(result, { created: [monthPartition(base, offset + 2)], movedRows: 0 });
        }
        const byPartition = await rowsByPartition(h);
        const expected = Object.fromEntries(
          [0, 1, 2, 3].map((offset) => [monthPartition(base, offset), 1]),
        );
        assert.deepEqual(byPartition, expected, "one row per month, none in the default partition");
        const names = await partitions(h);
        for (let offset = 0; offset <= 5; offset++) {
          assert.ok(names.includes(monthPartition(base, offset)), names.join(", "));
        }
      },
    );

    await t.step("rows in the default partition move to their month's new partition", async () => {
      // Nothing ran for a while: month +9 has no partition yet, so its rows fall into the default.
      h.clock.set(firstOfMonth(base, 9));
      await consume();
      h.clock.advance(86_400_000);
      await consume();
      const month = monthPartition(base, 9);
      assert.deepEqual((await rowsByPartition(h))["usage_ledger_default"], 2);
      const total = await ledgerTotal(h);

      const result = await maintainLedgerPartitions({ ctx: h.deps });
      assert.deepEqual(result.created, [9, 10, 11].map((o) => monthPartition(base, o)));
      assert.equal(result.movedRows, 2);
      const byPartition = await rowsByPartition(h);
      assert.equal(byPartition[month], 2, JSON.stringify(byPartition));
      assert.equal(byPartition["usage_ledger_default"], undefined, JSON.stringify(byPartition));
      assert.equal(await ledgerTotal(h), total, "no row lost or duplicated");
      await consume();
      assert.equal((await rowsByPartition(h))[month], 3, "the ledger keeps accepting rows");
    });

    await t.step(
      "a month with stray rows in the default partition gets a partition too",
      async () => {
        // A row dated in a month outside the kept range (a back-dated refund, say).
        const stray = firstOfMonth(base, 20);
        await h.deps.db.execute(sql`
        insert into usage_ledger (user_id, metric, amount, period_start, occurred_at)
        values (${user.id}, 'exports', -1, ${new Date(stray).toISOString()}::timestamptz,
          ${new Date(stray).toISOString()}::timestamptz)`);
        const result = await maintainLedgerPartitions({ ctx: h.deps });
        assert.deepEqual(result, { created: [monthPartition(base, 20)], movedRows: 1 });
        assert.equal((await rowsByPartition(h))[monthPartition(base, 20)], 1);
      },
    );

    await t.step("the scheduled job runs the same maintenance and logs what it did", async () => {
      h.clock.set(firstOfMonth(base, 12));
      await h.deps.queue.enqueue({ name: "maintain-ledger-partitions", payload: {} });
      await h.deps.background.drain();
      // The last run kept months +9 to +11; +12 to +14 are new.
      const created = [12, 13, 14].map((offset) => monthPartition(base, offset));
      const names = await partitions(h);
      assert.ok(created.every((name) => names.includes(name)), names.join(", "));
      const logged = h.logger.lines.filter((l) => l.message === "Ledger partitions maintained");
      assert.deepEqual(logged.at(-1)?.created, created, JSON.stringify(logged));
      assert.equal(logged.at(-1)?.movedRows, 0);
    });
  } finally {
    await h.close();
  }
});

Deno.test({
  name: "ledger maintenance waits for an in-flight quota consumption and moves its row too",
  // PGlite has one connection: a transaction held open there would block the test itself.
  ignore: !Deno.env.get("TEST_DATABASE_URL"),
  async fn() {
    const h = await createHarness();
    try {
      const user = await signUpUser(h);
      // A month with no partition yet, so the consumption's row goes to the default partition.
      h.clock.set(firstOfMonth(h.clock.now(), 30));
      const holding = Promise.withResolvers<void>();
      const release = Promise.withResolvers<void>();
      const consumption = withTransaction(h.deps, async (tx) => {
        await consumeQuota({
          ctx: tx,
          input: { userId: user.id, metric: "exports", amount: 1, limit: null },
        });
        holding.resolve();
        await release.promise;
      });
      await holding.promise;
      // It plans without the uncommitted row, then waits for the consumption at its lock.
      const maintenance = maintainLedgerPartitions({ ctx: h.deps });
      await waitForLockWaiter(h);
      release.resolve();
      await consumption;
      const result = await maintenance;

      const month = monthPartition(h.clock.now(), 0);
      assert.equal(result.created[0], month, JSON.stringify(result));
      assert.equal(result.movedRows, 1, "the row committed while it waited was moved, not missed");
      const byPartition = await rowsByPartition(h);
      assert.equal(byPartition[month], 1, JSON.stringify(byPartition));
      assert.equal(byPartition["usage_ledger_default"], undefined, JSON.stringify(byPartition));
    } finally {
      await h.close();
    }
  },
});

/** Resolves once some session of the test database waits on a lock; fails after 5 s. */
async function waitForLockWaiter(h: Harness): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const result = await h.deps.db.execute(sql`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`);
    if (Number(rowsOf<{ n: number }>(result)[0]?.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail("the maintenance run never waited for the lock");
}
