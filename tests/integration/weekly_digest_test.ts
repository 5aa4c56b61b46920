import assert from "node:assert/strict";
import { sweepOutbox } from "../../src/services/jobs/sweep_outbox.ts";
import { eq, inArray } from "drizzle-orm";
import { weeklyDigests } from "../../src/db/tables/digests.ts";
import { users } from "../../src/db/tables/users.ts";
import { UpstreamError } from "../../src/ports/errors.ts";
import type { Queue } from "../../src/ports/queue.ts";
import {
  sendWeeklyDigest,
  utcWeekStart,
} from "../../src/services/maintenance/send_weekly_digest.ts";
import { jsonRequest, signUpUser, type TestUser } from "../support/accounts.ts";
import { createHarness, type Harness, TEST_ORIGIN } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";

const DAY = 86_400_000;

/** The first Monday 08:00 UTC after now. */
function nextMondayMorning(): number {
  const today = Math.floor(Date.now() / DAY) * DAY;
  const daysToMonday = ((8 - new Date(today).getUTCDay()) % 7) || 7;
  return today + daysToMonday * DAY + 8 * 3_600_000;
}

async function follow(h: Harness, follower: TestUser, creator: TestUser) {
  const response = await h.app.request(
    `/v1/users/${creator.id}/follow`,
    jsonRequest("PUT", undefined, follower.token),
  );
  assert.ok(response.ok, `follow failed: ${response.status} ${await response.text()}`);
}

async function verified(h: Harness, user: TestUser) {
  await h.deps.db.update(users).set({ emailVerifiedAt: new Date(h.clock.now()) })
    .where(eq(users.id, user.id));
  return user;
}

const digestsTo = (h: Harness, email: string) =>
  h.mailer.outbox.filter((m) => m.tag === "weekly-digest" && m.to === email);

Deno.test("weekly digest of new pitches from followed creators", async (t) => {
  let refusing = false;
  const h = await createHarness({
    queue: (inner: Queue): Queue => ({
      name: inner.name,
      maxAttempts: inner.maxAttempts,
      enqueue: (job, options) =>
        refusing
          ? Promise.reject(new UpstreamError(`Cannot enqueue job "${job.name}": queue down`))
          : inner.enqueue(job, options),
    }),
  });
  const monday = nextMondayMorning();
  try {
    h.clock.set(monday - 10 * DAY);
    const [alice, bob, carol] = [
      await verified(h, await signUpUser(h, { name: "Alice <b>&</b>" })),
      await signUpUser(h, { name: "Bob" }),
      await signUpUser(h, { name: "Carol" }),
    ];
    const stale = await createPitch(h, carol.token, { title: "Carol's old pitch" });
    h.clock.set(monday - 3 * DAY);
    const first = await createPitch(h, alice.token, { title: "First <script>x</script> & co" });
    await createPitch(h, alice.token, { title: "Alice's draft" }, { publish: false });
    await createPitch(h, carol.token, { title: "Carol's private", visibility: "private" });
    h.clock.set(monday - 2 * DAY);
    const second = await createPitch(h, bob.token, { title: "Bob's second" });
    h.clock.set(monday - DAY);
    const third = await createPitch(h, alice.token, { title: "Alice's third" });

    const reader = await verified(h, await signUpUser(h, { role: "investor", name: "Rita" }));
    await follow(h, reader, alice);
    await follow(h, reader, bob);
    const carolFan = await verified(h, await signUpUser(h, { role: "investor" }));
    await follow(h, carolFan, carol);
    const unverified = await signUpUser(h, { role: "investor" });
    await follow(h, unverified, alice);
    const partner = await verified(h, await signUpUser(h, { role: "investor" }));
    await follow(h, partner, bob);
    const suspended = await verified(h, await signUpUser(h, { role: "investor" }));
    await follow(h, suspended, alice);
    await h.deps.db.update(users)
      .set({ suspendedAt: new Date(h.clock.now()), suspendedReason: "spam", suspendedBy: "admin" })
      .where(eq(users.id, suspended.id));
    h.clock.set(monday);

    await t.step("each follower of creators who published gets one email", async () => {
      const report = await sendWeeklyDigest({ ctx: h.deps, input: { usersPerPage: 1 } });
      await h.deps.background.drain();
      assert.deepEqual(report, { weekStart: utcWeekStart(monday), queued: 2, pitches: 4 });
      assert.equal(digestsTo(h, reader.email).length, 1, JSON.stringify(h.mailer.outbox));
      assert.equal(digestsTo(h, partner.email).length, 1, JSON.stringify(h.mailer.outbox));
      // A suspended account gets no mail of the product until the suspension is lifted.
      for (const nobody of [carolFan, unverified, alice, suspended]) {
        assert.deepEqual(digestsTo(h, nobody.email), [], `${nobody.email} gets no digest`);
      }
    });

    await t.step("the email lists the new listed pitches, newest first, linking to the app", () => {
      const email = digestsTo(h, reader.email)[0]!;
      assert.equal(email.subject, "3 new pitches from creators you follow");
      const titles = [third, second, first].map((p) => p.title);
      const positions = titles.map((title) => email.text.indexOf(title));
      assert.ok(positions.every((p) => p >= 0), email.text);
      assert.deepEqual([...positions].sort((a, b) => a - b), positions, email.text);
      for (const pitch of [third, second, first]) {
        assert.ok(email.text.includes(`${TEST_ORIGIN}/pitches/${pitch.id}`), email.text);
      }
      for (const excluded of ["draft", "private", stale.title]) {
        assert.ok(!email.text.includes(excluded), email.text);
      }
      assert.ok(email.text.includes("/v1/email/unsubscribe?token="), email.text);
      assert.match(JSON.stringify(email.headers ?? {}), /List-Unsubscribe-Post/i);
      const html = email.html ?? "";
      assert.ok(html.includes("First &lt;script&gt;x&lt;/script&gt; &amp; co"), html);
      assert.ok(html.includes("Alice &lt;b&gt;&amp;&lt;/b&gt;"), html);
      assert.ok(!html.includes("<script>"), html);
    });

    await t.step("running it again the same week sends nothing more", async () => {
      h.clock.set(monday + 2 * DAY);
      const report = await sendWeeklyDigest({ ctx: h.deps });
      await h.deps.background.drain();
      assert.deepEqual(report, { weekStart: utcWeekStart(monday), queued: 0, pitches: 0 });
      assert.equal(digestsTo(h, reader.email).length, 1);
      const rows = await h.deps.db.select().from(weeklyDigests)
        .where(inArray(weeklyDigests.userId, [reader.id, partner.id]));
      assert.equal(rows.length, 2, JSON.stringify(rows));
    });

    await t.step(
      "when the queue refuses, the digests wait in the outbox and go out after",
      async () => {
        const nextMonday = monday + 7 * DAY;
        h.clock.set(nextMonday - DAY);
        const late = await createPitch(h, bob.token, { title: "Bob's next week" });
        h.clock.set(nextMonday);
        refusing = true;
        const sent = digestsTo(h, reader.email).length;
        const report = await sendWeeklyDigest({ ctx: h.deps });
        await h.deps.background.drain();
        assert.deepEqual(report, { weekStart: utcWeekStart(nextMonday), queued: 2, pitches: 2 });
        assert.equal(digestsTo(h, reader.email).length, sent, "nothing is sent while it is down");

        refusing = false;
        h.clock.advance(10 * 60_000); // past the relay's publish backoff
        await sweepOutbox({ ctx: h.deps, input: { pendingForMs: 0 } });
        await h.deps.background.drain();
        const latest = digestsTo(h, reader.email).at(-1)!;
        assert.equal(digestsTo(h, reader.email).length, sent + 1);
        assert.equal(latest.subject, "1 new pitch from creators you follow");
        assert.ok(latest.text.includes(late.title), latest.text);
        assert.ok(!latest.text.includes(third.title), "last week's pitches are not repeated");
        const again = await sendWeeklyDigest({ ctx: h.deps });
        assert.equal(again.queued, 0, "a second run in the week queues nothing");
      },
    );

    await t.step(
      "the send-weekly-digest job runs it through the queue and logs counts",
      async () => {
        await h.deps.queue.enqueue({ name: "send-weekly-digest", payload: {} });
        await h.deps.background.drain();
        const logged = h.logger.lines.filter((l) => l.message === "Weekly digest queued").at(-1);
        assert.equal(logged?.queued, 0, JSON.stringify(logged));
        assert.equal(logged?.weekStart, utcWeekStart(monday + 7 * DAY));
      },
    );
  } finally {
    await h.close();
  }
});
