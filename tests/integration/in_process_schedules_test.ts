import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { rowsOf } from "../../src/db/raw_rows.ts";
import type { Queue } from "../../src/ports/queue.ts";
import { monthsFrom } from "../../src/services/maintenance/maintain_ledger_partitions.ts";
import { createHarness } from "../support/harness.ts";

const DAY = 86_400_000;

Deno.test("the embedded default runs the schedule list in process", async (t) => {
  const enqueued: string[] = [];
  const h = await createHarness({
    scheduler: true,
    queue: (inner: Queue): Queue => ({
      name: inner.name,
      maxAttempts: inner.maxAttempts,
      enqueue: (job, options) => {
        enqueued.push(job.name);
        return inner.enqueue(job, options);
      },
    }),
  });
  const messages = () => h.logger.lines.map((l) => l.message);
  try {
    await t.step(
      "startup enqueues the outbox sweep and the maintenance jobs, which run",
      async () => {
        await h.deps.background.drain();
        assert.ok(h.deps.scheduler, "createDeps built the in-process scheduler");
        assert.deepEqual(enqueued, [
          "sweep-outbox",
          "maintain-ledger-partitions",
          "apply-retention",
        ]);
        const logs = JSON.stringify(h.logger.lines);
        for (const message of ["Ledger partitions maintained", "Retention applied"]) {
          assert.ok(messages().includes(message), logs);
        }
        assert.ok(!messages().includes("Job attempt failed"), logs);
      },
    );

    await t.step("moving the clock to Monday 08:00 UTC fires the weekly digest", async () => {
      const today = Math.floor(h.clock.now() / DAY) * DAY;
      const monday = today + (((8 - new Date(today).getUTCDay()) % 7) || 7) * DAY;
      h.clock.set(monday + 8 * 3_600_000 - 30_000);
      await h.deps.scheduler!.tick();
      enqueued.length = 0;
      h.clock.set(monday + 8 * 3_600_000);
      const runs = await h.deps.scheduler!.tick();
      assert.deepEqual(runs.map((r) => r.id), ["sweep-outbox", "send-weekly-digest"]);
      await h.deps.background.drain();
      assert.deepEqual(enqueued, ["sweep-outbox", "send-weekly-digest"]);
      assert.ok(messages().includes("Weekly digest queued"), JSON.stringify(h.logger.lines));
    });

    await t.step("a month later the daily run has kept the ledger two months ahead", async () => {
      const later = h.clock.now() + 40 * DAY;
      // Daily at 00:15: from 00:14 to 00:16 of that day.
      h.clock.set(Math.floor(later / DAY) * DAY + 14 * 60_000);
      await h.deps.scheduler!.tick();
      h.clock.advance(2 * 60_000);
      const runs = await h.deps.scheduler!.tick();
      assert.ok(runs.some((r) => r.id === "maintain-ledger-partitions"), JSON.stringify(runs));
      await h.deps.background.drain();
      const result = await h.deps.db.execute(sql`
        select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'usage_ledger'::regclass`);
      const names = rowsOf<{ name: string }>(result).map((r) => r.name);
      for (const month of monthsFrom(h.clock.now(), 2)) {
        const name = `usage_ledger_${month.slice(0, 4)}_${month.slice(5, 7)}`;
        assert.ok(names.includes(name), `${name} in ${names.join(", ")}`);
      }
    });
  } finally {
    await h.close();
  }
});

Deno.test("without the scheduler option the harness runs no schedules", async () => {
  const h = await createHarness();
  try {
    await h.deps.background.drain();
    assert.equal(h.deps.scheduler, undefined);
    assert.ok(
      !h.logger.lines.some((l) => l.message === "In-process scheduler started"),
      JSON.stringify(h.logger.lines),
    );
  } finally {
    await h.close();
  }
});
