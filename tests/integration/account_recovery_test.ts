import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { oneTimeTokens } from "../../src/db/tables/credentials.ts";
import { users } from "../../src/db/tables/users.ts";
import { sha256Hex } from "../../src/lib/secure_tokens.ts";
import { fromIp, jsonRequest, randomUser, signUpUser, type TestUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import { linkToken } from "../support/mail_links.ts";

const IP = "203.0.113.7";
const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;
const INVALID_VERIFY_LINK = "Verification link is invalid or has expired";
const INVALID_RESET_LINK = "Reset link is invalid or has expired";

function post(
  h: Harness,
  path: string,
  body: unknown,
  options: { ip?: string; token?: string } = {},
) {
  return h.app.request(path, jsonRequest("POST", body, options.token), fromIp(options.ip ?? IP));
}

function sentTo(h: Harness, to: string, tag: string): number {
  return h.mailer.outbox.filter((m) => m.to === to && m.tag === tag).length;
}

async function emailVerifiedAt(h: Harness, userId: string): Promise<Date | null> {
  const [row] = await h.deps.database.db.select({ at: users.emailVerifiedAt }).from(users)
    .where(eq(users.id, userId));
  assert.ok(row, `no user "${userId}"`);
  return row.at;
}

function logIn(h: Harness, user: TestUser, password: string) {
  return post(h, "/v1/auth/login", { email: user.email, password });
}

/** Asks for a reset link for `user` and returns the token it carries. */
async function resetToken(h: Harness, user: TestUser, ip = IP): Promise<string> {
  await expectJson(await post(h, "/v1/auth/password-reset", { email: user.email }, { ip }), 202);
  return linkToken(h, user.email, "password-reset", "reset-password");
}

function pointersOf(problem: Record<string, unknown>): string[] {
  return (problem.errors as Array<{ pointer: string }>).map((e) => e.pointer);
}

Deno.test("POST /v1/auth/verify-email", async (t) => {
  const h = await createHarness();
  try {
    let token = "";

    await t.step(
      "the welcome email's link verifies the email and returns the account",
      async () => {
        const user = await signUpUser(h);
        token = await linkToken(h, user.email, "welcome", "verify-email");
        assert.equal(await emailVerifiedAt(h, user.id), null);

        const body = await expectJson<{ user: { id: string; emailVerified: boolean } }>(
          await post(h, "/v1/auth/verify-email", { token }),
          200,
        );
        assert.equal(body.user.id, user.id, JSON.stringify(body));
        assert.equal(body.user.emailVerified, true, JSON.stringify(body));
        assert.equal((await emailVerifiedAt(h, user.id))?.getTime(), h.clock.now());
      },
    );

    await t.step("a second use of the verification link is a 400 problem", async () => {
      const problem = await assertProblem(
        await post(h, "/v1/auth/verify-email", { token }),
        400,
        "bad-request",
      );
      assert.equal(problem.detail, INVALID_VERIFY_LINK, JSON.stringify(problem));
    });

    await t.step("an unknown token gets the same 400 problem", async () => {
      const problem = await assertProblem(
        await post(h, "/v1/auth/verify-email", { token: `ot_${crypto.randomUUID()}` }),
        400,
        "bad-request",
      );
      assert.equal(problem.detail, INVALID_VERIFY_LINK, JSON.stringify(problem));
    });

    await t.step("a verification link expires after 7 days", async () => {
      const user = await signUpUser(h);
      const token = await linkToken(h, user.email, "welcome", "verify-email");
      h.clock.advance(7 * DAY_MS + 1_000);
      const problem = await assertProblem(
        await post(h, "/v1/auth/verify-email", { token }),
        400,
        "bad-request",
      );
      assert.equal(problem.detail, INVALID_VERIFY_LINK, JSON.stringify(problem));
      assert.equal(await emailVerifiedAt(h, user.id), null);
    });

    await t.step("an unknown field or a missing token is a 422 problem", async () => {
      const extra = await assertProblem(
        await post(h, "/v1/auth/verify-email", { token: "ot_x", admin: true }),
        422,
        "validation-failed",
      );
      assert.deepEqual(pointersOf(extra), ["/admin"], JSON.stringify(extra));
      const missing = await assertProblem(
        await post(h, "/v1/auth/verify-email", {}),
        422,
        "validation-failed",
      );
      assert.deepEqual(pointersOf(missing), ["/token"], JSON.stringify(missing));
    });
  } finally {
    await h.close();
  }
});

Deno.test("POST /v1/auth/password-reset and /v1/auth/password-reset/confirm", async (t) => {
  const h = await createHarness();
  try {
    const user = await signUpUser(h);
    const newPassword = `new password ${crypto.randomUUID()}`;
    let token = "";

    await t.step(
      "unknown and known emails get the same answer; only one email is sent",
      async () => {
        const unknownEmail = randomUser().email;
        const unknown = await post(h, "/v1/auth/password-reset", { email: unknownEmail });
        const known = await post(h, "/v1/auth/password-reset", { email: user.email });
        const [unknownText, knownText] = [await unknown.text(), await known.text()];
        assert.equal(unknown.status, 202, unknownText);
        assert.equal(known.status, unknown.status, knownText);
        assert.deepEqual(JSON.parse(knownText), { status: "accepted" });
        assert.equal(knownText, unknownText);
        assert.equal(known.headers.get("content-type"), unknown.headers.get("content-type"));

        token = await linkToken(h, user.email, "password-reset", "reset-password");
        assert.equal(sentTo(h, user.email, "password-reset"), 1, JSON.stringify(h.mailer.outbox));
        assert.equal(h.mailer.outbox.filter((m) => m.to === unknownEmail).length, 0);
        const logs = JSON.stringify(h.logger.lines);
        assert.ok(!logs.includes(user.email) && !logs.includes(unknownEmail), logs);
      },
    );

    await t.step("the link sets the password and revokes every session", async () => {
      const sessions = [user.token];
      for (let i = 0; i < 2; i++) {
        const body = await expectJson<{ session: { token: string } }>(
          await logIn(h, user, user.password),
          200,
        );
        sessions.push(body.session.token);
      }
      // Resolve each token once first, so a cached principal would survive if not dropped.
      for (const session of sessions) {
        await expectJson(
          await h.app.request("/health", jsonRequest("GET", undefined, session)),
          200,
        );
      }

      const body = await expectJson(
        await post(h, "/v1/auth/password-reset/confirm", { token, password: newPassword }),
        200,
      );
      assert.deepEqual(body, { status: "password-changed" });

      for (const session of sessions) {
        await assertProblem(
          await post(h, "/v1/auth/logout", undefined, { token: session }),
          401,
          "unauthorized",
        );
      }
      await assertProblem(await logIn(h, user, user.password), 401, "unauthorized");
      await expectJson(await logIn(h, user, newPassword), 200);
      assert.notEqual(await emailVerifiedAt(h, user.id), null, "the reset proves the inbox");
    });

    await t.step("a second use of the reset link is a 400 problem", async () => {
      const problem = await assertProblem(
        await post(h, "/v1/auth/password-reset/confirm", { token, password: `x${newPassword}` }),
        400,
        "bad-request",
      );
      assert.equal(problem.detail, INVALID_RESET_LINK, JSON.stringify(problem));
      await expectJson(await logIn(h, user, newPassword), 200);
    });

    await t.step("a reset link expires after 1 hour", async () => {
      const other = await signUpUser(h);
      const expiring = await resetToken(h, other);
      h.clock.advance(HOUR_MS + 1_000);
      const problem = await assertProblem(
        await post(h, "/v1/auth/password-reset/confirm", {
          token: expiring,
          password: newPassword,
        }),
        400,
        "bad-request",
      );
      assert.equal(problem.detail, INVALID_RESET_LINK, JSON.stringify(problem));
      await expectJson(await logIn(h, other, other.password), 200);
    });

    await t.step("two concurrent confirms with one link succeed once", async () => {
      const other = await signUpUser(h);
      const shared = await resetToken(h, other);
      const passwords = [`first ${crypto.randomUUID()}`, `second ${crypto.randomUUID()}`];
      const responses = await Promise.all(
        passwords.map((password) =>
          post(h, "/v1/auth/password-reset/confirm", { token: shared, password })
        ),
      );
      const statuses = responses.map((r) => r.status);
      assert.deepEqual([...statuses].sort(), [200, 400], JSON.stringify(statuses));
      const winner = passwords[statuses.indexOf(200)]!;
      const loser = passwords[statuses.indexOf(400)]!;
      await expectJson(await logIn(h, other, winner), 200);
      await assertProblem(await logIn(h, other, loser), 401, "unauthorized");
    });

    await t.step("a weak password is a 422 at /password and leaves the link usable", async () => {
      const other = await signUpUser(h);
      const pending = await resetToken(h, other);
      const problem = await assertProblem(
        await post(h, "/v1/auth/password-reset/confirm", { token: pending, password: "short" }),
        422,
        "validation-failed",
      );
      assert.deepEqual(pointersOf(problem), ["/password"], JSON.stringify(problem));
      await expectJson(
        await post(h, "/v1/auth/password-reset/confirm", { token: pending, password: newPassword }),
        200,
      );
    });

    await t.step("unknown fields are a 422 problem on both reset routes", async () => {
      const cases: Array<[string, unknown]> = [
        ["/v1/auth/password-reset", { email: user.email, redirect: "https://evil.test" }],
        ["/v1/auth/password-reset/confirm", { token: "ot_x", password: newPassword, redirect: 1 }],
      ];
      for (const [path, body] of cases) {
        const problem = await assertProblem(await post(h, path, body), 422, "validation-failed");
        assert.deepEqual(pointersOf(problem), ["/redirect"], `${path}: ${JSON.stringify(problem)}`);
      }
    });

    await t.step("over 3 requests an hour for one account answer alike but send 3", async () => {
      const other = await signUpUser(h);
      for (let i = 0; i < 4; i++) {
        const response = await post(h, "/v1/auth/password-reset", { email: other.email }, {
          ip: `198.51.100.${i + 1}`,
        });
        assert.deepEqual(await expectJson(response, 202), { status: "accepted" });
      }
      await h.deps.background.drain();
      assert.equal(sentTo(h, other.email, "password-reset"), 3, JSON.stringify(h.mailer.outbox));
    });

    await t.step(
      "over 20 requests an hour from one address are a 429 with Retry-After",
      async () => {
        const ip = "203.0.113.99";
        for (let i = 0; i < 20; i++) {
          await expectJson(
            await post(h, "/v1/auth/password-reset", { email: randomUser().email }, { ip }),
            202,
          );
        }
        const response = await post(h, "/v1/auth/password-reset", { email: user.email }, { ip });
        await assertProblem(response, 429, "rate-limited");
        assert.ok(Number(response.headers.get("retry-after")) > 0, "retry-after header");
      },
    );

    await t.step("one-time tokens are stored only as digests", async () => {
      await h.deps.background.drain();
      const rows = await h.deps.database.db.select().from(oneTimeTokens);
      const dump = JSON.stringify(rows);
      const sent = h.mailer.outbox.flatMap((m) => /\?token=(\S+)/.exec(m.text)?.slice(1) ?? [])
        .map(decodeURIComponent);
      assert.ok(sent.length >= 8, `expected the emails of this test: ${sent.length}`);
      for (const row of rows) assert.match(row.tokenHash, /^[0-9a-f]{64}$/, dump);
      const digests = new Set(rows.map((row) => row.tokenHash));
      for (const raw of sent) {
        assert.ok(!dump.includes(raw), `raw token "${raw}" is in the database`);
        assert.ok(digests.has(sha256Hex(raw)), `no row for the digest of "${raw}"`);
      }
    });
  } finally {
    await h.close();
  }
});
