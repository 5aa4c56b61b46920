import assert from "node:assert/strict";
import { loadConfig } from "../../src/config/load_config.ts";
import { nextCronTime, parseCron } from "../../src/lib/cron.ts";
import { JOBS } from "../../src/services/jobs/registry.ts";
import { SCHEDULES } from "../../src/services/maintenance/schedules.ts";

Deno.test("the schedule list", async (t) => {
  await t.step("every entry names a registered job whose schema accepts its payload", () => {
    for (const entry of SCHEDULES) {
      const job = JOBS.get(entry.job);
      assert.ok(job, `schedule "${entry.id}" names unknown job "${entry.job}"`);
      const parsed = job.payload.safeParse(JSON.parse(JSON.stringify(entry.payload)));
      assert.ok(parsed.success, `schedule "${entry.id}": ${JSON.stringify(parsed.error)}`);
    }
  });

  await t.step("ids are unique and crons parse and fire", () => {
    assert.equal(new Set(SCHEDULES.map((e) => e.id)).size, SCHEDULES.length);
    for (const entry of SCHEDULES) {
      assert.match(entry.id, /^[a-z0-9-]+$/, "QStash schedule ids are made of these");
      nextCronTime(parseCron(entry.cron), Date.now());
    }
  });

  await t.step("the issue's four jobs are scheduled at their documented times", () => {
    const byId = Object.fromEntries(SCHEDULES.map((e) => [e.id, e]));
    assert.equal(byId["sweep-outbox"]?.cron, "* * * * *");
    assert.equal(byId["maintain-ledger-partitions"]?.cron, "15 0 * * *");
    assert.equal(byId["apply-retention"]?.cron, "30 3 * * *");
    assert.equal(byId["send-weekly-digest"]?.cron, "0 8 * * 1");
    const atStartup = SCHEDULES.filter((e) => e.runAtStartup).map((e) => e.id);
    assert.deepEqual(atStartup, ["sweep-outbox", "maintain-ledger-partitions", "apply-retention"]);
  });
});

Deno.test("SCHEDULER decides whether the schedule list runs in process", async (t) => {
  const qstash = {
    PUBLIC_URL: "https://api.example.com",
    QSTASH_TOKEN: "qstash-token",
    QSTASH_CURRENT_SIGNING_KEY: "sig_current",
    QSTASH_NEXT_SIGNING_KEY: "sig_next",
  };
  await t.step("by default it runs in process when jobs do", () => {
    assert.equal(loadConfig({}).scheduler, "in-process");
  });
  await t.step("with QStash, QStash's schedules run it instead", () => {
    assert.equal(loadConfig(qstash).scheduler, "off");
  });
  await t.step("SCHEDULER=off turns it off on the embedded default", () => {
    assert.equal(loadConfig({ SCHEDULER: "off" }).scheduler, "off");
  });
  await t.step("another value is a configuration error naming the variable", () => {
    assert.throws(() => loadConfig({ SCHEDULER: "cron" }), /SCHEDULER: /);
  });
});
