import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { Client } from "@upstash/qstash";
import { createQstashSignatureVerifier } from "../../src/adapters/queue/qstash_signature_verifier.ts";
import { SCHEDULES } from "../../src/services/maintenance/schedules.ts";
import { syncQstashSchedules } from "../../scripts/schedules/sync_qstash_schedules.ts";
import { expectJson } from "../support/assertions.ts";
import {
  type FakeSchedule,
  startQstashSchedulesFake,
} from "../support/fakes/qstash_schedules_fake.ts";
import { createHarness, TEST_PUBLIC_URL } from "../support/harness.ts";

const keys = { currentSigningKey: "sig_current_sched_key", nextSigningKey: "sig_next_sched_key" };
const token = "qstash_schedules_token_do_not_log";
const publicUrl = "https://api.pitchey.example";

/** Every production variable but QStash's, with placeholder values that are never contacted. */
const PRODUCTION_PLACEHOLDERS = {
  APP_ENV: "production",
  DATABASE_URL: "postgres://app@db.invalid/pitchey",
  APP_SECRET: "schedules-test-app-secret-0123456789",
  STRIPE_SECRET_KEY: "sk_test_placeholder",
  STRIPE_WEBHOOK_SECRET: "whsec_placeholder",
  STRIPE_PRICE_PRO_MONTH: "price_pro_month",
  STRIPE_PRICE_PRO_YEAR: "price_pro_year",
  STRIPE_PRICE_STUDIO_MONTH: "price_studio_month",
  STRIPE_PRICE_STUDIO_YEAR: "price_studio_year",
  MAIL_PROVIDER: "resend",
  RESEND_API_KEY: "re_placeholder",
  MAIL_FROM: "Pitchey <hello@pitchey.example>",
};

/** A schedule as the fake stores it, for seeding. */
function seeded(scheduleId: string, overrides: Partial<FakeSchedule> = {}): FakeSchedule {
  return {
    scheduleId,
    cron: "0 0 * * *",
    destination: `${publicUrl}/jobs/${scheduleId}`,
    method: "POST",
    header: { "Content-Type": ["application/json"] },
    body: "{}",
    retries: 3,
    createdAt: Date.now(),
    isPaused: false,
    ...overrides,
  };
}

Deno.test("syncQstashSchedules through the real client against the schedules fake", async (t) => {
  const fake = await startQstashSchedulesFake({ token, ...keys });
  const client = new Client({ baseUrl: fake.url, token, devMode: false });
  const sync = (dryRun = false) =>
    syncQstashSchedules({ client, publicUrl, schedules: SCHEDULES, dryRun });
  try {
    // Someone else's schedule, one of ours no longer in the list, one of ours out of date.
    fake.schedules.set("billing-report", seeded("billing-report"));
    fake.schedules.set("pitchey-old-job", seeded("pitchey-old-job"));
    fake.schedules.set(
      "pitchey-apply-retention",
      seeded("pitchey-apply-retention", {
        cron: "0 4 * * *",
        destination: `${publicUrl}/jobs/apply-retention`,
      }),
    );

    await t.step(
      "creates missing schedules, updates changed ones, removes stale ones",
      async () => {
        const steps = await sync();
        assert.deepEqual(
          steps.map((s) => [s.action, s.scheduleId]),
          [
            ["created", "pitchey-sweep-outbox"],
            ["created", "pitchey-maintain-ledger-partitions"],
            ["updated", "pitchey-apply-retention"],
            ["created", "pitchey-send-weekly-digest"],
            ["removed", "pitchey-old-job"],
          ],
        );
        assert.deepEqual(
          [...fake.schedules.keys()].sort(),
          [
            "billing-report",
            ...SCHEDULES.map((entry) => `pitchey-${entry.id}`),
          ].sort(),
        );
        for (const entry of SCHEDULES) {
          const schedule = fake.schedules.get(`pitchey-${entry.id}`)!;
          assert.equal(schedule.cron, entry.cron);
          assert.equal(schedule.destination, `${publicUrl}/jobs/${entry.job}`);
          assert.equal(schedule.method, "POST");
          assert.equal(schedule.body, "{}");
          assert.equal(schedule.retries, 3);
          assert.deepEqual(schedule.header["Content-Type"], ["application/json"]);
        }
      },
    );

    await t.step("a second run changes nothing and makes no writes", async () => {
      fake.calls.length = 0;
      const steps = await sync();
      assert.deepEqual(steps.map((s) => s.action), SCHEDULES.map(() => "unchanged"));
      assert.deepEqual(fake.calls, ["GET /v2/schedules"]);
    });

    await t.step("a dry run reports the difference and writes nothing", async () => {
      fake.schedules.get("pitchey-send-weekly-digest")!.cron = "0 9 * * 1";
      fake.schedules.set("pitchey-retired", seeded("pitchey-retired"));
      fake.calls.length = 0;
      const steps = await sync(true);
      assert.deepEqual(
        steps.filter((s) => s.action !== "unchanged").map((s) => [s.action, s.scheduleId]),
        [["updated", "pitchey-send-weekly-digest"], ["removed", "pitchey-retired"]],
      );
      assert.deepEqual(fake.calls, ["GET /v2/schedules"]);
      await sync();
      assert.equal(fake.schedules.get("pitchey-send-weekly-digest")!.cron, "0 8 * * 1");
      assert.ok(!fake.schedules.has("pitchey-retired"));
    });

    await t.step("a schedule paused in QStash stays paused when unchanged", async () => {
      fake.schedules.get("pitchey-sweep-outbox")!.isPaused = true;
      const steps = await sync();
      const sweep = steps.find((s) => s.scheduleId === "pitchey-sweep-outbox");
      assert.deepEqual([sweep?.action, sweep?.paused], ["unchanged", true]);
      assert.equal(fake.schedules.get("pitchey-sweep-outbox")!.isPaused, true);
    });
  } finally {
    await fake.close();
  }
});

Deno.test("a synced schedule's delivery runs its job through POST /jobs/<name>", async () => {
  const fake = await startQstashSchedulesFake({ token, ...keys });
  const h = await createHarness({ jobVerifier: createQstashSignatureVerifier(keys) });
  try {
    const client = new Client({ baseUrl: fake.url, token, devMode: false });
    await syncQstashSchedules({ client, publicUrl: TEST_PUBLIC_URL, schedules: SCHEDULES });
    const delivery = await fake.fire("pitchey-maintain-ledger-partitions");
    assert.equal(delivery.url, `${TEST_PUBLIC_URL}/jobs/maintain-ledger-partitions`);
    const url = new URL(delivery.url);
    const response = await h.app.request(url.pathname, {
      method: delivery.method,
      headers: delivery.headers,
      body: await delivery.text(),
    });
    assert.deepEqual(await expectJson(response, 200), { processed: true });
    const logged = h.logger.lines.find((l) => l.message === "Ledger partitions maintained");
    assert.ok(logged, JSON.stringify(h.logger.lines));
  } finally {
    await h.close();
    await fake.close();
  }
});

Deno.test("deno task schedules:sync prints what it did and is idempotent", async (t) => {
  const fake = await startQstashSchedulesFake({ token, ...keys });
  const script = fileURLToPath(new URL("../../scripts/sync_schedules.ts", import.meta.url));
  const run = async (env: Record<string, string>, args: string[] = []) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-net", "--allow-env", "--allow-read", script, ...args],
      // Only what the script needs: the parent's QSTASH_* or DATABASE_URL must not leak in.
      clearEnv: true,
      env: {
        PATH: Deno.env.get("PATH") ?? "",
        HOME: Deno.env.get("HOME") ?? "",
        NO_COLOR: "1",
        ...env,
      },
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    return { code: out.code, text };
  };
  // The complete production environment (placeholders; only QStash is reached, at the fake).
  const qstashEnv = {
    ...PRODUCTION_PLACEHOLDERS,
    PUBLIC_URL: publicUrl,
    QSTASH_URL: fake.url,
    QSTASH_TOKEN: token,
    QSTASH_CURRENT_SIGNING_KEY: keys.currentSigningKey,
    QSTASH_NEXT_SIGNING_KEY: keys.nextSigningKey,
  };
  try {
    await t.step("the first run creates every schedule and lists them", async () => {
      const { code, text } = await run(qstashEnv);
      assert.equal(code, 0, text);
      for (const entry of SCHEDULES) {
        assert.match(text, new RegExp(`created\\s+pitchey-${entry.id}\\s`), text);
      }
      assert.match(text, /POST \/jobs\/send-weekly-digest/, text);
      assert.match(text, /Done: 4 created, 0 updated, 0 unchanged, 0 removed/, text);
      assert.equal(fake.schedules.size, SCHEDULES.length);
    });

    await t.step("the second run finds every schedule unchanged", async () => {
      const { code, text } = await run(qstashEnv);
      assert.equal(code, 0, text);
      assert.match(text, /Done: 0 created, 0 updated, 4 unchanged, 0 removed/, text);
    });

    await t.step("--dry-run says what it would do", async () => {
      fake.schedules.delete("pitchey-apply-retention");
      const { code, text } = await run(qstashEnv, ["--dry-run"]);
      assert.equal(code, 0, text);
      assert.match(text, /^Dry run: /, text);
      assert.match(text, /Would have: 1 created, 0 updated, 3 unchanged, 0 removed/, text);
      assert.ok(!fake.schedules.has("pitchey-apply-retention"), "nothing was written");
    });

    await t.step("a wrong token fails with the status and never prints a token", async () => {
      const wrong = "wrong_schedules_token_secret";
      const { code, text } = await run({ ...qstashEnv, QSTASH_TOKEN: wrong });
      assert.equal(code, 1, text);
      assert.match(text, /Schedules not synced: QStash answered status 401/, text);
      assert.ok(!text.includes(wrong) && !text.includes(token), text);
    });

    await t.step("outside production it refuses and syncs nothing", async () => {
      const before = fake.schedules.size;
      const { code, text } = await run({ ...qstashEnv, APP_ENV: "development" });
      assert.equal(code, 1, text);
      assert.match(text, /Schedules are synced for production only/, text);
      assert.equal(fake.schedules.size, before, "a schedule was written");
    });

    await t.step("on a branch timeline it refuses, naming the timeline", async () => {
      const branch = { DENO_DEPLOY: "true", DENO_TIMELINE: "git-branch/feature-x" };
      const { code, text } = await run({ ...qstashEnv, APP_ENV: "development", ...branch });
      assert.equal(code, 1, text);
      assert.match(text, /timeline "git-branch\/feature-x"/, text);
    });

    await t.step(
      "without QStash, production refuses to load and names the QStash variables",
      async () => {
        const { QSTASH_TOKEN: _t, QSTASH_URL: _u, ...withoutQstash } = qstashEnv;
        const { code, text } = await run(withoutQstash);
        assert.equal(code, 1, text);
        assert.match(text, /QSTASH_TOKEN: required in production/, text);
      },
    );
  } finally {
    await fake.close();
  }
});
