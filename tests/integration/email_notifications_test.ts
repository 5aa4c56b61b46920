import assert from "node:assert/strict";
import { sweepOutbox } from "../../src/services/jobs/sweep_outbox.ts";
import { bearer, jsonRequest, signUpUser, type TestUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness, type Harness, TEST_ORIGIN, TEST_PUBLIC_URL } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";

const CAP = 5;

/** Lets queued jobs run, then returns the `tag` emails sent to `to`, oldest first. */
async function mailsTo(h: Harness, to: string, tag: string) {
  await h.deps.background.drain();
  return h.mailer.outbox.filter((m) => m.to === to && m.tag === tag);
}

async function follow(h: Harness, follower: TestUser, followee: TestUser): Promise<void> {
  const response = await h.app.request(
    `/v1/users/${followee.id}/follow`,
    jsonRequest("PUT", undefined, follower.token),
  );
  assert.equal(response.status, 204, await response.text());
}

/** The path and query of the message's `List-Unsubscribe` URL, checked against PUBLIC_URL. */
function unsubscribePath(headers: Record<string, string> | undefined): string {
  const header = headers?.["List-Unsubscribe"] ?? "";
  const match = /^<(.+)>$/.exec(header);
  assert.ok(match, `List-Unsubscribe: ${JSON.stringify(headers)}`);
  const url = match[1]!;
  assert.ok(url.startsWith(`${TEST_PUBLIC_URL}/v1/email/unsubscribe?token=`), url);
  return url.slice(TEST_PUBLIC_URL.length);
}

/** A one-click unsubscribe exactly as RFC 8058 has mail providers send it. */
function oneClick(h: Harness, path: string): Promise<Response> {
  return Promise.resolve(h.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "List-Unsubscribe=One-Click",
  }));
}

Deno.test("notification emails", async (t) => {
  const h = await createHarness({ mailDailyCap: CAP });
  try {
    await t.step(
      "publishing a pitch emails its owner once, with one-click unsubscribe",
      async () => {
        const owner = await signUpUser(h);
        const pitch = await createPitch(h, owner.token);
        const [mail, ...more] = await mailsTo(h, owner.email, "pitch-published");
        assert.ok(mail, JSON.stringify(h.mailer.outbox.slice(-3)));
        assert.equal(more.length, 0);
        assert.ok(mail.text.includes(`${TEST_ORIGIN}/pitches/${pitch.id}`), mail.text);
        assert.equal(mail.headers?.["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
        unsubscribePath(mail.headers);
        // Archiving and publishing again is not news.
        await h.app.request(
          `/v1/pitches/${pitch.id}/archive`,
          jsonRequest("POST", undefined, owner.token),
        );
        await h.app.request(
          `/v1/pitches/${pitch.id}/publish`,
          jsonRequest("POST", undefined, owner.token),
        );
        assert.equal((await mailsTo(h, owner.email, "pitch-published")).length, 1);
      },
    );

    await t.step("a new follower emails the followed user; following again does not", async () => {
      const [creator, fan] = [await signUpUser(h), await signUpUser(h, { role: "investor" })];
      await follow(h, fan, creator);
      await follow(h, fan, creator);
      const mails = await mailsTo(h, creator.email, "new-follower");
      assert.equal(mails.length, 1, JSON.stringify(mails));
      assert.ok(mails[0]!.text.includes(`${TEST_ORIGIN}/users/${fan.id}`), mails[0]!.text);
      assert.ok(mails[0]!.subject.includes(fan.name), mails[0]!.subject);
    });

    await t.step(
      "GET on the unsubscribe link shows a confirmation and changes nothing",
      async () => {
        const [creator, fan, other] = [
          await signUpUser(h),
          await signUpUser(h, { role: "investor" }),
          await signUpUser(h, { role: "investor" }),
        ];
        await follow(h, fan, creator);
        const [mail] = await mailsTo(h, creator.email, "new-follower");
        const path = unsubscribePath(mail!.headers);
        const page = await h.app.request(path, { headers: { accept: "text/html" } });
        const html = await page.text();
        assert.equal(page.status, 200, html);
        assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
        assert.match(html, /Unsubscribe from emails about new followers\?/);
        assert.match(html, /<form method="post" action="\?token=/);
        assert.match(page.headers.get("content-security-policy") ?? "", /form-action 'self'/);
        const json = await h.app.request(path, { headers: { accept: "application/json" } });
        assert.deepEqual(await expectJson(json, 200), {
          category: "new-follower",
          unsubscribed: false,
        });
        await follow(h, other, creator);
        assert.equal((await mailsTo(h, creator.email, "new-follower")).length, 2);
      },
    );

    await t.step(
      "a one-click POST unsubscribes; later notifications are skipped and logged",
      async () => {
        const [creator, fan, other] = [
          await signUpUser(h),
          await signUpUser(h, { role: "investor" }),
          await signUpUser(h, { role: "investor" }),
        ];
        await follow(h, fan, creator);
        const [mail] = await mailsTo(h, creator.email, "new-follower");
        const path = unsubscribePath(mail!.headers);
        assert.deepEqual(await expectJson(await oneClick(h, path), 200), {
          category: "new-follower",
          unsubscribed: true,
        });
        // Idempotent, and a browser's form post gets a page.
        const again = await h.app.request(path, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
          body: "List-Unsubscribe=One-Click",
        });
        assert.match(await again.text(), /You are unsubscribed/);
        await follow(h, other, creator);
        assert.equal((await mailsTo(h, creator.email, "new-follower")).length, 1);
        const skipped = h.logger.lines.find((line) =>
          line.message === "Email skipped: the recipient opted out or has no account" &&
          line.userId === creator.id
        );
        assert.ok(skipped, JSON.stringify(h.logger.lines.slice(-5)));
        assert.equal(skipped.reason, "unsubscribed");
        // Other categories and transactional mail still arrive.
        await createPitch(h, creator.token);
        assert.equal((await mailsTo(h, creator.email, "pitch-published")).length, 1);
        const reset = await h.app.request(
          "/v1/auth/password-reset",
          jsonRequest("POST", { email: creator.email }),
        );
        await expectJson(reset, 202);
        assert.equal((await mailsTo(h, creator.email, "password-reset")).length, 1);
      },
    );

    await t.step(
      "a forged, altered or foreign token is a 400 and unsubscribes nobody",
      async () => {
        const [creator, fan] = [await signUpUser(h), await signUpUser(h, { role: "investor" })];
        await follow(h, fan, creator);
        const [mail] = await mailsTo(h, creator.email, "new-follower");
        const token = decodeURIComponent(unsubscribePath(mail!.headers).split("token=")[1]!);
        const [userId, , signature] = token.split(".");
        const forged = [
          `${fan.id}.new-follower.${signature}`,
          `${userId}.weekly-digest.${signature}`,
          `${userId}.new-follower.${"A".repeat(43)}`,
          "nonsense",
        ];
        for (const bad of forged) {
          const path = `/v1/email/unsubscribe?token=${encodeURIComponent(bad)}`;
          await assertProblem(await oneClick(h, path), 400, "bad-request");
          await assertProblem(await h.app.request(path), 400, "bad-request");
        }
        await assertProblem(await oneClick(h, "/v1/email/unsubscribe"), 422, "validation-failed");
        const other = await signUpUser(h, { role: "investor" });
        await follow(h, other, creator);
        assert.equal((await mailsTo(h, creator.email, "new-follower")).length, 2);
      },
    );

    await t.step("notifications stop at the daily cap; security mail is never capped", async () => {
      const creator = await signUpUser(h);
      const fans = [];
      for (let i = 0; i < CAP + 2; i++) fans.push(await signUpUser(h, { role: "investor" }));
      for (const fan of fans) await follow(h, fan, creator);
      assert.equal((await mailsTo(h, creator.email, "new-follower")).length, CAP);
      const capped = h.logger.lines.filter((line) =>
        line.message === "Email skipped: the recipient reached the daily notification cap" &&
        line.userId === creator.id
      );
      assert.equal(capped.length, 2, JSON.stringify(capped));
      for (let i = 0; i < 3; i++) {
        await h.app.request(
          "/v1/auth/password-reset",
          jsonRequest("POST", { email: creator.email }),
        );
      }
      assert.equal((await mailsTo(h, creator.email, "password-reset")).length, 3);
      // A new UTC day brings a new allowance.
      h.clock.advance(24 * 60 * 60_000);
      await follow(h, await signUpUser(h, { role: "investor" }), creator);
      assert.equal((await mailsTo(h, creator.email, "new-follower")).length, CAP + 1);
    });
  } finally {
    await h.close();
  }
});

Deno.test("POST /v1/auth/verify-email/resend", async (t) => {
  const h = await createHarness({ rateLimits: "on" });
  try {
    await t.step("sends a new link that verifies; 202 with nothing once verified", async () => {
      const user = await signUpUser(h);
      const response = await h.app.request(
        "/v1/auth/verify-email/resend",
        jsonRequest("POST", undefined, user.token),
      );
      assert.deepEqual(await expectJson(response, 202), { status: "accepted" });
      const [mail] = await mailsTo(h, user.email, "verify-email");
      assert.ok(mail, JSON.stringify(h.mailer.outbox.slice(-3)));
      const match = new RegExp(`${TEST_ORIGIN}/verify-email\\?token=(\\S+)`).exec(mail.text);
      assert.ok(match, mail.text);
      const verified = await h.app.request(
        "/v1/auth/verify-email",
        jsonRequest("POST", { token: decodeURIComponent(match[1]!) }),
      );
      await expectJson(verified, 200);
      const after = await h.app.request(
        "/v1/auth/verify-email/resend",
        jsonRequest("POST", undefined, user.token),
      );
      assert.deepEqual(await expectJson(after, 202), { status: "accepted" });
      assert.equal((await mailsTo(h, user.email, "verify-email")).length, 1);
    });

    await t.step("is limited to 3 an hour per user, then 429 with Retry-After", async () => {
      const user = await signUpUser(h);
      for (let i = 0; i < 3; i++) {
        const ok = await h.app.request(
          "/v1/auth/verify-email/resend",
          jsonRequest("POST", undefined, user.token),
        );
        await expectJson(ok, 202);
      }
      const limited = await h.app.request(
        "/v1/auth/verify-email/resend",
        jsonRequest("POST", undefined, user.token),
      );
      const retryAfter = limited.headers.get("retry-after");
      await assertProblem(limited, 429, "rate-limited");
      assert.ok(Number(retryAfter) > 0, `Retry-After: ${retryAfter}`);
      assert.equal((await mailsTo(h, user.email, "verify-email")).length, 3);
    });

    await t.step("needs a credential", async () => {
      const anonymous = await h.app.request("/v1/auth/verify-email/resend", { method: "POST" });
      await assertProblem(anonymous, 401, "unauthorized");
      const user = await signUpUser(h);
      const me = await h.app.request("/v1/me", bearer(user.token));
      await expectJson(me, 200);
    });
  } finally {
    await h.close();
  }
});

Deno.test("a queue outage never fails the publish or the follow; their mail goes out after", async () => {
  let down = true;
  const h = await createHarness({
    queue: (inProcess) => ({
      name: inProcess.name,
      maxAttempts: inProcess.maxAttempts,
      enqueue: (job, options) =>
        down ? Promise.reject(new Error("queue down")) : inProcess.enqueue(job, options),
    }),
  });
  try {
    const [creator, fan] = [await signUpUser(h), await signUpUser(h, { role: "investor" })];
    await createPitch(h, creator.token);
    await follow(h, fan, creator);
    await h.deps.background.drain();
    const tags = () => h.mailer.outbox.filter((m) => m.to === creator.email).map((m) => m.tag);
    assert.deepEqual(tags(), [], "nothing is sent while the queue is down");
    down = false;
    h.clock.advance(10 * 60_000); // past the relay's publish backoff
    await sweepOutbox({ ctx: h.deps, input: { pendingForMs: 0 } });
    await h.deps.background.drain();
    assert.deepEqual(tags().sort(), ["new-follower", "pitch-published", "welcome"]);
  } finally {
    await h.close();
  }
});
