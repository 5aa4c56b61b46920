import assert from "node:assert/strict";
import { isNull } from "drizzle-orm";
import { outbox } from "../../src/db/tables/jobs.ts";
import type { OutboxRelay } from "../../src/ports/outbox_relay.ts";
import type { Queue } from "../../src/ports/queue.ts";
import { enqueueJob } from "../../src/services/jobs/enqueue_job.ts";
import { createHarness } from "../support/harness.ts";

/**
 * `closeDeps`, the shutdown's second half: an outbox row committed but not yet relayed (its kick
 * lost, as when the instance is stopped right after the commit) is published before the database
 * closes, so the job does not wait for the next instance's sweep.
 */

Deno.test("closeDeps publishes pending outbox rows before closing the database", async () => {
  const published: string[] = [];
  const recording = (configured: Queue): Queue => ({
    name: configured.name,
    maxAttempts: configured.maxAttempts,
    enqueue: (job) => {
      published.push(job.name);
      return Promise.resolve({ id: `msg_${published.length}` });
    },
  });
  const h = await createHarness({ queue: recording });
  let closed = false;
  try {
    const silent: OutboxRelay = { kick() {}, close: () => Promise.resolve() };
    const to = `shutdown-${crypto.randomUUID().slice(0, 8)}@example.test`;
    await enqueueJob({
      ctx: { ...h.deps, outbox: silent },
      input: { name: "send-email", payload: { to, subject: "Hi", text: "Hi", tag: "welcome" } },
    });
    await h.deps.background.drain();
    const pending = await h.deps.database.db.select().from(outbox).where(
      isNull(outbox.publishedAt),
    );
    assert.equal(pending.length, 1, JSON.stringify(pending));
    assert.deepEqual(published, [], "published before shutdown");

    await h.close();
    closed = true;
    assert.deepEqual(published, ["send-email"]);
  } finally {
    if (!closed) await h.close();
  }
});
