import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { bearer, jsonRequest, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";
import { randomPitch } from "../support/pitches.ts";
import { ACCOUNT_CAPS } from "../../src/services/shared/caps.ts";

Deno.test("per-user caps bound what one account can pile up", async (t) => {
  const h = await createHarness();
  try {
    await t.step(`a creator holds at most ${ACCOUNT_CAPS.drafts} drafts`, async () => {
      const creator = await signUpUser(h);
      const create = () =>
        h.app.request("/v1/pitches", jsonRequest("POST", randomPitch(), creator.token));
      for (let i = 0; i < ACCOUNT_CAPS.drafts; i++) await expectJson(await create(), 201);
      const problem = await assertProblem(await create(), 409, "conflict");
      assert.equal(problem.limit, ACCOUNT_CAPS.drafts, JSON.stringify(problem));
    });

    await t.step(`a sign-in beyond ${ACCOUNT_CAPS.sessions} sessions ends the oldest`, async () => {
      const user = await signUpUser(h);
      const logIn = async () => {
        h.clock.advance(1_000);
        const body = await expectJson<{ session: { token: string } }>(
          await h.app.request(
            "/v1/auth/login",
            jsonRequest("POST", { email: user.email, password: user.password }),
          ),
          200,
        );
        return body.session.token;
      };
      const tokens = [user.token];
      for (let i = 1; i < ACCOUNT_CAPS.sessions; i++) tokens.push(await logIn());
      await expectJson(await h.app.request("/v1/me", bearer(tokens[0]!)), 200);
      const newest = await logIn();
      await assertProblem(await h.app.request("/v1/me", bearer(tokens[0]!)), 401, "unauthorized");
      await expectJson(await h.app.request("/v1/me", bearer(tokens[1]!)), 200);
      await expectJson(await h.app.request("/v1/me", bearer(newest)), 200);
    });

    await t.step(`a user follows at most ${ACCOUNT_CAPS.following} others`, async () => {
      const follower = await signUpUser(h);
      const target = await signUpUser(h);
      // Followees made in bulk: thousands of sign-ups would only slow the suite down.
      await h.deps.db.execute(sql`
        insert into users (id, email, name, role, password_hash)
        select 'usr_cap_' || g, 'cap' || g || '@example.com', 'Cap', 'creator', 'x'
        from generate_series(1, ${ACCOUNT_CAPS.following}) g`);
      await h.deps.db.execute(sql`
        insert into follows (follower_id, followee_id)
        select ${follower.id}, 'usr_cap_' || g from generate_series(1, ${ACCOUNT_CAPS.following}) g`);
      const follow = (id: string) =>
        h.app.request(`/v1/users/${id}/follow`, jsonRequest("PUT", undefined, follower.token));
      const problem = await assertProblem(await follow(target.id), 409, "conflict");
      assert.equal(problem.limit, ACCOUNT_CAPS.following, JSON.stringify(problem));
      const again = await follow("usr_cap_1");
      assert.ok(
        again.status < 300,
        `following someone already followed is harmless: ${await again.text()}`,
      );
    });
  } finally {
    await h.close();
  }
});
