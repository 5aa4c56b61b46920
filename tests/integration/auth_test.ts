import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { sessions } from "../../src/db/tables/credentials.ts";
import { users } from "../../src/db/tables/users.ts";
import { createPbkdf2PasswordHasher } from "../../src/adapters/password_hasher/pbkdf2_password_hasher.ts";
import { bearer, fromIp, jsonRequest, randomUser, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { secondInstance } from "../support/second_instance.ts";
import { createHarness, TEST_ORIGIN, TEST_PASSWORD_ITERATIONS } from "../support/harness.ts";

interface AuthBody {
  user: { id: string; email: string; role: string; emailVerified: boolean };
  session: { token: string; expiresAt: string };
}

Deno.test("POST /v1/auth/signup", async (t) => {
  const h = await createHarness();
  try {
    await t.step("creates an account, a session and queues the welcome email", async () => {
      const input = randomUser({ email: "  New.Person@Example.COM " });
      const response = await h.app.request("/v1/auth/signup", jsonRequest("POST", input));
      const cookie = response.headers.get("set-cookie") ?? "";
      const body = await expectJson<AuthBody>(response, 201);
      assert.equal(body.user.email, "new.person@example.com", "email is normalised");
      assert.equal(body.user.emailVerified, false);
      assert.match(body.session.token, /^ps_[A-Za-z0-9_-]{43}$/);
      assert.match(cookie, /^pitchey_session=ps_/);
      for (const attribute of ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"]) {
        assert.ok(cookie.includes(attribute), `cookie lacks ${attribute}: ${cookie}`);
      }
      await h.deps.background.drain();
      const mail = h.mailer.outbox.find((m) => m.to === "new.person@example.com");
      assert.equal(mail?.tag, "welcome");
      assert.match(mail?.text ?? "", new RegExp(`${TEST_ORIGIN}/verify-email\\?token=ot_`));
    });

    await t.step("the new session authenticates at once", async () => {
      const user = await signUpUser(h);
      const response = await h.app.request(
        "/v1/auth/logout",
        jsonRequest("POST", undefined, user.token),
      );
      assert.equal(response.status, 204, await response.text());
    });

    await t.step("a duplicate email, in any case, is a 409", async () => {
      const first = await signUpUser(h);
      const again = randomUser({ email: first.email.toUpperCase() });
      const response = await h.app.request("/v1/auth/signup", jsonRequest("POST", again));
      const problem = await assertProblem(response, 409, "conflict");
      assert.match(problem.detail, new RegExp(first.email.replace(".", "\\.")));
    });

    await t.step("concurrent sign-ups with one email: exactly one 201", async () => {
      const input = randomUser();
      const responses = await Promise.all(
        Array.from(
          { length: 8 },
          () => h.app.request("/v1/auth/signup", jsonRequest("POST", input)),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      await Promise.all(responses.map((r) => r.body?.cancel()));
      assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409, 409, 409]);
      const rows = await h.deps.database.db.select().from(users).where(
        eq(users.email, input.email),
      );
      assert.equal(rows.length, 1);
    });

    await t.step("invalid input is a 422 naming each field", async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ ...randomUser(), password: "short" }, "/password"],
        [{ ...randomUser(), password: "x".repeat(129) }, "/password"],
        [{ ...randomUser(), email: "not-an-email" }, "/email"],
        [{ ...randomUser(), role: "admin" }, "/role"],
        [{ ...randomUser(), name: "   " }, "/name"],
        [{ ...randomUser(), plan: "studio" }, "/plan"],
      ];
      for (const [body, pointer] of cases) {
        const response = await h.app.request("/v1/auth/signup", jsonRequest("POST", body));
        const problem = await assertProblem(response, 422, "validation-failed");
        const pointers = (problem.errors as Array<{ pointer: string }>).map((e) => e.pointer);
        assert.ok(pointers.includes(pointer), `${pointer} in ${JSON.stringify(problem.errors)}`);
      }
    });

    await t.step("no password or token is stored in clear", async () => {
      const user = await signUpUser(h);
      const [row] = await h.deps.database.db.select().from(users).where(eq(users.id, user.id));
      assert.match(row!.passwordHash, /^pbkdf2-sha256\$\d+\$/);
      assert.ok(!row!.passwordHash.includes(user.password));
      const stored = await h.deps.database.db.select().from(sessions)
        .where(eq(sessions.userId, user.id));
      assert.equal(stored.length, 1);
      assert.match(stored[0]!.tokenHash, /^[0-9a-f]{64}$/);
      assert.notEqual(stored[0]!.tokenHash, user.token);
      const dump = JSON.stringify(stored) + JSON.stringify(row);
      assert.ok(!dump.includes(user.token) && !dump.includes(user.password));
    });
  } finally {
    await h.close();
  }
});

Deno.test("POST /v1/auth/login", async (t) => {
  const h = await createHarness();
  try {
    await t.step("right credentials open a new session and set the cookie", async () => {
      const user = await signUpUser(h);
      const response = await h.app.request(
        "/v1/auth/login",
        jsonRequest("POST", { email: ` ${user.email.toUpperCase()} `, password: user.password }),
        fromIp("198.51.100.1"),
      );
      assert.match(response.headers.get("set-cookie") ?? "", /pitchey_session=ps_/);
      const body = await expectJson<AuthBody>(response, 200);
      assert.equal(body.user.id, user.id);
      assert.notEqual(body.session.token, user.token, "a fresh session each login");
    });

    await t.step("unknown email and wrong password get the same 401", async () => {
      const user = await signUpUser(h);
      const wrong = await h.app.request(
        "/v1/auth/login",
        jsonRequest("POST", { email: user.email, password: "wrong password!" }),
        fromIp("198.51.100.2"),
      );
      const unknown = await h.app.request(
        "/v1/auth/login",
        jsonRequest("POST", { email: `nobody-${user.email}`, password: "wrong password!" }),
        fromIp("198.51.100.2"),
      );
      const a = await assertProblem(wrong, 401, "unauthorized");
      const b = await assertProblem(unknown, 401, "unauthorized");
      assert.deepEqual({ ...a, instance: "" }, { ...b, instance: "" });
    });

    await t.step(
      "one address gets 5 attempts at an account; the owner elsewhere is not locked out",
      async () => {
        const user = await signUpUser(h);
        const attempt = (password: string, ip: string) =>
          h.app.request(
            "/v1/auth/login",
            jsonRequest("POST", { email: user.email, password }),
            fromIp(ip),
          );
        for (let i = 1; i <= 5; i++) {
          await assertProblem(
            await attempt(`wrong ${i} password`, "198.51.100.11"),
            401,
            "unauthorized",
          );
        }
        const sixth = await attempt(user.password, "198.51.100.11");
        const retryAfter = Number(sixth.headers.get("retry-after"));
        await assertProblem(sixth, 429, "rate-limited");
        assert.ok(retryAfter >= 1 && retryAfter <= 900, `Retry-After ${retryAfter}`);
        await expectJson(await attempt(user.password, "198.51.100.30"), 200);
      },
    );

    await t.step(
      "concurrent wrong passwords are claimed before hashing: 5 checked, 15 refused",
      async () => {
        const user = await signUpUser(h);
        const responses = await Promise.all(Array.from({ length: 20 }, (_, i) =>
          h.app.request(
            "/v1/auth/login",
            jsonRequest("POST", { email: user.email, password: `concurrent ${i} guess` }),
            fromIp("198.51.100.40"),
          )));
        const statuses = responses.map((r) => r.status).sort();
        await Promise.all(responses.map((r) => r.body?.cancel()));
        assert.equal(statuses.filter((s) => s === 401).length, 5, statuses.join(","));
        assert.equal(statuses.filter((s) => s === 429).length, 15, statuses.join(","));
      },
    );

    await t.step(
      "guesses spread over 50 addresses exhaust the account's loose budget",
      async () => {
        const user = await signUpUser(h);
        for (let i = 0; i < 50; i++) {
          const response = await h.app.request(
            "/v1/auth/login",
            jsonRequest("POST", { email: user.email, password: `spread ${i} guess` }),
            fromIp(`203.0.113.${i + 1}`),
          );
          await assertProblem(response, 401, "unauthorized");
        }
        const next = await h.app.request(
          "/v1/auth/login",
          jsonRequest("POST", { email: user.email, password: user.password }),
          fromIp("203.0.113.200"),
        );
        await assertProblem(next, 429, "rate-limited");
      },
    );

    await t.step("21 failures from one address lock that address out", async () => {
      const ip = "198.51.100.77";
      for (let i = 0; i < 20; i++) {
        const response = await h.app.request(
          "/v1/auth/login",
          jsonRequest("POST", { email: `ghost-${i}@example.com`, password: "wrong password!" }),
          fromIp(ip),
        );
        await assertProblem(response, 401, "unauthorized");
      }
      const user = await signUpUser(h);
      const blocked = await h.app.request(
        "/v1/auth/login",
        jsonRequest("POST", { email: user.email, password: user.password }),
        fromIp(ip),
      );
      await assertProblem(blocked, 429, "rate-limited");
      const elsewhere = await h.app.request(
        "/v1/auth/login",
        jsonRequest("POST", { email: user.email, password: user.password }),
        fromIp("198.51.100.78"),
      );
      await expectJson(elsewhere, 200);
    });

    await t.step("a login with outdated hash parameters rehashes the password", async () => {
      const user = await signUpUser(h);
      const weaker = createPbkdf2PasswordHasher({ iterations: TEST_PASSWORD_ITERATIONS / 2 });
      await h.deps.database.db.update(users)
        .set({ passwordHash: await weaker.hash(user.password) }).where(eq(users.id, user.id));
      const response = await h.app.request(
        "/v1/auth/login",
        jsonRequest("POST", { email: user.email, password: user.password }),
        fromIp("198.51.100.90"),
      );
      await expectJson(response, 200);
      const [row] = await h.deps.database.db.select().from(users).where(eq(users.id, user.id));
      assert.match(
        row!.passwordHash,
        new RegExp(`^pbkdf2-sha256\\$${TEST_PASSWORD_ITERATIONS}\\$`),
      );
    });

    await t.step("malformed input is a 422, not a 401", async () => {
      const response = await h.app.request("/v1/auth/login", jsonRequest("POST", { email: "x" }));
      await assertProblem(response, 422, "validation-failed");
    });
  } finally {
    await h.close();
  }
});

Deno.test("POST /v1/auth/logout", async (t) => {
  const h = await createHarness();
  try {
    await t.step("revokes the session: the token is refused on the next request", async () => {
      const user = await signUpUser(h);
      const out = await h.app.request(
        "/v1/auth/logout",
        jsonRequest("POST", undefined, user.token),
      );
      assert.equal(out.status, 204, await out.text());
      assert.match(out.headers.get("set-cookie") ?? "", /pitchey_session=;.*Max-Age=0/);
      const again = await h.app.request(
        "/v1/auth/logout",
        jsonRequest("POST", undefined, user.token),
      );
      assert.equal(again.headers.get("www-authenticate"), 'Bearer error="invalid_token"');
      await assertProblem(again, 401, "unauthorized");
    });

    await t.step("other sessions of the user stay valid", async () => {
      const user = await signUpUser(h);
      const second = await expectJson<AuthBody>(
        await h.app.request(
          "/v1/auth/login",
          jsonRequest("POST", { email: user.email, password: user.password }),
          fromIp("203.0.113.1"),
        ),
        200,
      );
      await (await h.app.request("/v1/auth/logout", jsonRequest("POST", undefined, user.token)))
        .body
        ?.cancel();
      const out = await h.app.request(
        "/v1/auth/logout",
        jsonRequest("POST", undefined, second.session.token),
      );
      assert.equal(out.status, 204);
    });

    await t.step("anonymous logout is a 401", async () => {
      await assertProblem(
        await h.app.request("/v1/auth/logout", { method: "POST" }),
        401,
        "unauthorized",
      );
    });

    await t.step("cookie logout needs an allowed Origin (CSRF)", async () => {
      const user = await signUpUser(h);
      const cookie = { cookie: `pitchey_session=${user.token}` };
      const forged = await h.app.request("/v1/auth/logout", {
        method: "POST",
        headers: { ...cookie, origin: "https://evil.example" },
      });
      await assertProblem(forged, 403, "forbidden");
      const missing = await h.app.request("/v1/auth/logout", { method: "POST", headers: cookie });
      await assertProblem(missing, 403, "forbidden");
      const real = await h.app.request("/v1/auth/logout", {
        method: "POST",
        headers: { ...cookie, origin: TEST_ORIGIN },
      });
      assert.equal(real.status, 204, await real.text());
    });

    await t.step("a malformed Authorization header is a 401", async () => {
      const response = await h.app.request("/v1/auth/logout", {
        method: "POST",
        headers: { authorization: "Basic dXNlcjpwYXNz" },
      });
      await assertProblem(response, 401, "unauthorized");
    });

    await t.step("use slides a session's expiry forward", async () => {
      const user = await signUpUser(h);
      const day = 24 * 60 * 60_000;
      h.clock.advance(20 * day);
      const used = await h.app.request("/health", bearer(user.token));
      assert.equal(used.status, 200);
      await used.body?.cancel();
      await h.deps.background.drain();
      h.clock.advance(20 * day);
      const later = await h.app.request("/health", bearer(user.token));
      assert.equal(later.status, 200, "40 days after sign-up, 20 after last use: still valid");
      await later.body?.cancel();
      h.clock.advance(31 * day);
      await assertProblem(await h.app.request("/health", bearer(user.token)), 401, "unauthorized");
    });

    await t.step("an expired session is refused", async () => {
      const user = await signUpUser(h);
      h.clock.advance(31 * 24 * 60 * 60_000);
      const response = await h.app.request(
        "/v1/auth/logout",
        jsonRequest("POST", undefined, user.token),
      );
      await assertProblem(response, 401, "unauthorized");
    });
  } finally {
    await h.close();
  }
});

Deno.test("login limits keep holding while Redis is down", {
  ignore: !Deno.env.get("TEST_REDIS_URL"),
}, async () => {
  const h = await createHarness();
  try {
    const user = await signUpUser(h);
    h.redis!.setMode("down");
    for (let i = 1; i <= 5; i++) {
      const response = await h.app.request(
        "/v1/auth/login",
        jsonRequest("POST", { email: user.email, password: `wrong ${i} password` }),
        fromIp("192.0.2.10"),
      );
      await assertProblem(response, 401, "unauthorized");
    }
    const sixth = await h.app.request(
      "/v1/auth/login",
      jsonRequest("POST", { email: user.email, password: user.password }),
      fromIp("192.0.2.10"),
    );
    await assertProblem(sixth, 429, "rate-limited");
    assert.ok(
      h.logger.lines.some((l) => l.level === "warn" && JSON.stringify(l).includes("login")),
      "the fallback is logged",
    );
    assert.ok(!JSON.stringify(h.logger.lines).includes(user.email), "no email in logs");
  } finally {
    h.redis?.setMode("normal");
    await h.close();
  }
});

Deno.test("a logout on one instance is refused by another within two seconds", {
  ignore: !Deno.env.get("TEST_REDIS_URL"),
}, async () => {
  const h = await createHarness();
  try {
    // A second instance: same database and Redis, its own memory tier (another region).
    const other = secondInstance(h);
    const user = await signUpUser(h);
    const warm = await other.request("/health", bearer(user.token));
    assert.equal(warm.status, 200, "the other instance accepts and caches the token");
    await warm.body?.cancel();
    const out = await h.app.request("/v1/auth/logout", jsonRequest("POST", undefined, user.token));
    assert.equal(out.status, 204);
    await assertProblem(await h.app.request("/health", bearer(user.token)), 401, "unauthorized");
    // Principals live in each instance's memory tier; an instance more than two poll intervals
    // (2 s) behind the invalidation log catches up before it trusts one.
    h.clock.advance(2_000);
    await assertProblem(await other.request("/health", bearer(user.token)), 401, "unauthorized");
  } finally {
    await h.close();
  }
});
