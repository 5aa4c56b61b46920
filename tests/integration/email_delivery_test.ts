import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { emailDailyCounts } from "../../src/db/tables/email.ts";
import { UpstreamError } from "../../src/ports/errors.ts";
import type { EmailMessage, Mailer } from "../../src/ports/mailer.ts";
import { reserveDailySend } from "../../src/services/email/reserve_daily_send.ts";
import { utcDay } from "../../src/lib/utc_day.ts";
import { signUpUser } from "../support/accounts.ts";
import { deliver, startCheckout, subscriptionEvent } from "../support/billing.ts";
import { createHarness, type Harness, TEST_ORIGIN } from "../support/harness.ts";

/** A `new-follower` notification payload for `userId`, as the job receives it. */
function notification(userId: string, to: string) {
  return {
    to,
    userId,
    category: "new-follower",
    subject: "Someone follows you",
    text: `Hi,\n\n${TEST_ORIGIN}/users/usr_x\n`,
    html: "<p>Hi</p>",
    tag: "new-follower",
    headers: {
      "List-Unsubscribe": "<http://api.test/v1/email/unsubscribe?token=t>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}

async function sentToday(h: Harness, userId: string): Promise<number | undefined> {
  const [row] = await h.deps.database.db.select({ sent: emailDailyCounts.sent })
    .from(emailDailyCounts)
    .where(and(
      eq(emailDailyCounts.userId, userId),
      eq(emailDailyCounts.day, utcDay(h.clock.now())),
    ));
  return row?.sent;
}

Deno.test("the send-email job", async (t) => {
  const h = await createHarness();
  try {
    await t.step(
      "passes the queue's message id as the idempotency key, and the headers",
      async () => {
        const user = await signUpUser(h);
        await h.deps.background.drain();
        const { id } = await h.deps.queue.enqueue({
          name: "send-email",
          payload: notification(user.id, user.email),
        });
        await h.deps.background.drain();
        const sent = h.mailer.outbox.find((m) => m.to === user.email && m.tag === "new-follower");
        assert.ok(sent, JSON.stringify(h.mailer.outbox.slice(-2)));
        assert.equal(sent.idempotencyKey, id);
        assert.equal(sent.headers?.["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
        assert.equal(await sentToday(h, user.id), 1);
      },
    );

    await t.step("a provider failure gives the day's allowance back before the retry", async () => {
      const user = await signUpUser(h);
      await h.deps.background.drain();
      const real = h.deps.mailer;
      const keys: Array<string | undefined> = [];
      let failures = 1;
      const flaky: Mailer = {
        name: "flaky",
        send(message: EmailMessage) {
          keys.push(message.idempotencyKey);
          if (failures-- > 0) return Promise.reject(new UpstreamError("Provider down"));
          return real.send(message);
        },
      };
      h.deps.mailer = flaky;
      try {
        await h.deps.queue.enqueue({
          name: "send-email",
          payload: notification(user.id, user.email),
        });
        await h.deps.background.drain();
      } finally {
        h.deps.mailer = real;
      }
      assert.equal(keys.length, 2, JSON.stringify(keys));
      assert.equal(keys[0], keys[1], "the retry reuses the idempotency key");
      assert.equal(await sentToday(h, user.id), 1, "one send counted, not two");
    });

    await t.step("a notification for a deleted account is skipped, not failed", async () => {
      const user = await signUpUser(h);
      await h.deps.background.drain();
      await h.deps.queue.enqueue({
        name: "send-email",
        payload: notification("usr_gone", user.email),
      });
      await h.deps.background.drain();
      const skipped = h.logger.lines.find((line) =>
        line.message === "Email skipped: the recipient opted out or has no account" &&
        line.userId === "usr_gone"
      );
      assert.equal(skipped?.reason, "no-account", JSON.stringify(h.logger.lines.slice(-3)));
      assert.ok(!h.mailer.outbox.some((m) => m.to === user.email && m.tag === "new-follower"));
    });

    await t.step("a notification without its recipient's id is an invalid payload", async () => {
      const user = await signUpUser(h);
      const { userId: _, ...payload } = notification(user.id, user.email);
      const { id } = await h.deps.queue.enqueue({ name: "send-email", payload });
      await h.deps.background.drain();
      const failed = h.logger.lines.find((line) =>
        line.message === "Job attempt failed" && line.messageId === id
      );
      assert.match(String(failed?.error), /Payload of job "send-email" is invalid/);
    });
  } finally {
    await h.close();
  }
});

Deno.test("billing emails", async (t) => {
  const h = await createHarness();
  try {
    await t.step("an offline checkout emails a plan change and a receipt, once each", async () => {
      const user = await signUpUser(h);
      const path = await startCheckout(h, user.token, "pro", "month");
      for (let i = 0; i < 2; i++) {
        const visit = await h.app.request(path);
        assert.equal(visit.status, 302, await visit.text());
      }
      await h.deps.background.drain();
      const mails = h.mailer.outbox.filter((m) => m.to === user.email);
      const changed = mails.filter((m) => m.tag === "plan-changed");
      assert.equal(changed.length, 1, JSON.stringify(mails.map((m) => m.subject)));
      assert.equal(changed[0]!.subject, "Your Pitchey plan is now Pro");
      assert.match(changed[0]!.text, /from Free to Pro/);
      const receipts = mails.filter((m) => m.tag === "receipt");
      assert.equal(receipts.length, 1, JSON.stringify(mails.map((m) => m.subject)));
      assert.equal(receipts[0]!.subject, "Your Pitchey receipt: $19.00");
      assert.ok(receipts[0]!.text.includes(`${TEST_ORIGIN}/billing`), receipts[0]!.text);
    });

    await t.step("a canceled subscription emails the change back to Free", async () => {
      const user = await signUpUser(h);
      const now = h.clock.now();
      await deliver(h, subscriptionEvent(now, { userId: user.id }));
      await deliver(h, subscriptionEvent(now + 1_000, { userId: user.id, status: "canceled" }));
      await h.deps.background.drain();
      const subjects = h.mailer.outbox.filter((m) =>
        m.to === user.email && m.tag === "plan-changed"
      )
        .map((m) => m.subject);
      assert.deepEqual(subjects, [
        "Your Pitchey plan is now Pro",
        "Your Pitchey plan is now Free",
      ]);
    });

    await t.step("an invoice paid with nothing to pay sends no receipt", async () => {
      const user = await signUpUser(h);
      const now = h.clock.now();
      await deliver(h, subscriptionEvent(now, { userId: user.id }));
      await deliver(h, {
        kind: "invoice.paid",
        eventId: `evt_test_${crypto.randomUUID()}`,
        occurredAt: now + 1_000,
        customerId: `cus_test_${user.id}`,
        subscriptionId: `sub_test_${user.id}`,
        amountPaid: 0,
        currency: "usd",
        invoiceNumber: null,
      });
      await h.deps.background.drain();
      assert.ok(!h.mailer.outbox.some((m) => m.to === user.email && m.tag === "receipt"));
    });
  } finally {
    await h.close();
  }
});

Deno.test({
  name: "the daily cap holds under 30 concurrent reservations (real Postgres)",
  ignore: !Deno.env.get("TEST_DATABASE_URL"),
  fn: async () => {
    const h = await createHarness({ mailDailyCap: 20 });
    try {
      const user = await signUpUser(h);
      // Each reservation is one conditional upsert: whatever the interleaving on 10 pooled
      // connections, the row's lock serialises them and exactly `cap` succeed.
      const results = await Promise.all(
        Array.from(
          { length: 30 },
          () => reserveDailySend({ ctx: h.deps, input: { userId: user.id } }),
        ),
      );
      assert.equal(results.filter((day) => day !== undefined).length, 20, JSON.stringify(results));
      assert.equal(await sentToday(h, user.id), 20);
    } finally {
      await h.close();
    }
  },
});
