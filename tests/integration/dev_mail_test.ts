import assert from "node:assert/strict";
import { jsonRequest, randomUser, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness, type Harness, TEST_ORIGIN } from "../support/harness.ts";

interface DevMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  sentAt: string;
}

/** Lets queued jobs run, then reads `/dev/mail` the way a front-end developer would. */
async function devMail(h: Harness): Promise<DevMail[]> {
  await h.deps.background.drain();
  const { items } = await expectJson<{ items: DevMail[] }>(await h.app.request("/dev/mail"), 200);
  return items;
}

/** The token of the newest `page` link mailed to `to`, read from `/dev/mail`. */
async function linkFromDevMail(h: Harness, to: string, page: string): Promise<string> {
  const items = await devMail(h);
  const mail = items.find((m) => m.to === to && m.text.includes(`/${page}?token=`));
  assert.ok(mail, `no /${page} link for ${to} in /dev/mail: ${JSON.stringify(items)}`);
  const match = new RegExp(`${TEST_ORIGIN}/${page}\\?token=(\\S+)`).exec(mail.text);
  assert.ok(match, mail.text);
  return decodeURIComponent(match[1]!);
}

Deno.test("the dev mailer lets a front end finish every email flow locally", async (t) => {
  const h = await createHarness({ mailer: "dev" });
  try {
    await t.step("the default mailer is the dev mailer and logs each message's links", async () => {
      assert.equal(h.deps.mailer.name, "dev");
      const user = await signUpUser(h);
      await h.deps.background.drain();
      const logged = h.logger.lines.find((line) =>
        line.message === "Email kept by the dev mailer (not sent)" && line.to === user.email
      );
      assert.ok(logged, JSON.stringify(h.logger.lines.slice(-5)));
      const links = logged.links as string[];
      assert.ok(links.some((l) => l.startsWith(`${TEST_ORIGIN}/verify-email?token=`)), `${links}`);
    });

    await t.step("sign up, read the verification link in /dev/mail, verify", async () => {
      const input = randomUser();
      const signup = await h.app.request("/v1/auth/signup", jsonRequest("POST", input));
      const { user } = await expectJson<{ user: { emailVerified: boolean } }>(signup, 201);
      assert.equal(user.emailVerified, false);
      const token = await linkFromDevMail(h, input.email, "verify-email");
      const verified = await h.app.request(
        "/v1/auth/verify-email",
        jsonRequest("POST", { token }),
      );
      const body = await expectJson<{ user: { emailVerified: boolean } }>(verified, 200);
      assert.equal(body.user.emailVerified, true, JSON.stringify(body));
    });

    await t.step("request a reset, follow the link, log in with the new password", async () => {
      const user = await signUpUser(h);
      const reset = await h.app.request(
        "/v1/auth/password-reset",
        jsonRequest("POST", { email: user.email }),
      );
      await expectJson(reset, 202);
      const token = await linkFromDevMail(h, user.email, "reset-password");
      const password = "a brand new passphrase 42";
      const confirm = await h.app.request(
        "/v1/auth/password-reset/confirm",
        jsonRequest("POST", { token, password }),
      );
      await expectJson(confirm, 200);
      const old = await h.app.request(
        "/v1/auth/login",
        jsonRequest("POST", { email: user.email, password: user.password }),
      );
      await assertProblem(old, 401, "unauthorized");
      const login = await h.app.request(
        "/v1/auth/login",
        jsonRequest("POST", { email: user.email, password }),
      );
      await expectJson(login, 200);
    });

    await t.step("GET /dev/mail lists newest first with text, HTML and ISO times", async () => {
      const user = await signUpUser(h);
      await h.deps.background.drain();
      h.clock.advance(60_000);
      await expectJson(
        await h.app.request(
          "/v1/auth/password-reset",
          jsonRequest("POST", { email: user.email }),
        ),
        202,
      );
      const items = (await devMail(h)).filter((m) => m.to === user.email);
      assert.deepEqual(
        items.map((m) => m.subject),
        ["Reset your Pitchey password", "Welcome to Pitchey: confirm your email"],
        JSON.stringify(items),
      );
      for (const item of items) {
        assert.match(item.html ?? "", /^<!doctype html>/);
        assert.ok(!Number.isNaN(Date.parse(item.sentAt)), item.sentAt);
        assert.deepEqual(Object.keys(item).sort(), [
          "html",
          "id",
          "sentAt",
          "subject",
          "text",
          "to",
        ]);
      }
      assert.ok(Date.parse(items[0]!.sentAt) > Date.parse(items[1]!.sentAt), JSON.stringify(items));
    });

    await t.step("the dev mailer keeps the last 100 messages", async () => {
      const mailer = h.deps.mailer;
      for (let i = 0; i < 105; i++) {
        await mailer.send({ to: "bulk@example.test", subject: `Bulk ${i}`, text: "x", tag: "t" });
      }
      const items = await devMail(h);
      assert.equal(items.length, 100);
      assert.equal(items[0]!.subject, "Bulk 104");
    });
  } finally {
    await h.close();
  }
});

Deno.test("GET /dev/mail does not exist when mail goes to a provider", async () => {
  // The memory test mailer stands in for a provider here: it keeps no readable mailbox.
  const h = await createHarness();
  try {
    await assertProblem(await h.app.request("/dev/mail"), 404, "not-found");
    const routes = h.app.routes.map((r) => r.path);
    assert.ok(!routes.includes("/dev/mail"), routes.join(", "));
  } finally {
    await h.close();
  }
});
