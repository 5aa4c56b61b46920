import assert from "node:assert/strict";
import { bearer, jsonRequest, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";
import { linkToken } from "../support/mail_links.ts";

Deno.test("whoever registers an address first keeps no way in after the owner takes it back", async (t) => {
  const h = await createHarness();
  try {
    await t.step("an unverified account cannot create an API key", async () => {
      const squatter = await signUpUser(h);
      const problem = await assertProblem(
        await h.app.request(
          "/v1/me/api-keys",
          jsonRequest("POST", { name: "backdoor", scopes: ["read", "write"] }, squatter.token),
        ),
        403,
        "forbidden",
      );
      assert.match(problem.detail, /verify its email address/, JSON.stringify(problem));
    });

    await t.step("a password reset revokes every session and every API key", async () => {
      const holder = await signUpUser(h, { verified: true });
      const { key } = await expectJson<{ key: string }>(
        await h.app.request(
          "/v1/me/api-keys",
          jsonRequest("POST", { name: "old", scopes: ["read"] }, holder.token),
        ),
        201,
      );
      // Resolve it once so a cached principal would outlive the reset if it were not dropped.
      await expectJson(await h.app.request("/v1/me", bearer(key)), 200);

      await expectJson(
        await h.app.request(
          "/v1/auth/password-reset",
          jsonRequest("POST", { email: holder.email }),
        ),
        202,
      );
      const token = await linkToken(h, holder.email, "password-reset", "reset-password");
      await expectJson(
        await h.app.request(
          "/v1/auth/password-reset/confirm",
          jsonRequest("POST", { token, password: `fresh ${crypto.randomUUID()}` }),
        ),
        200,
      );
      await assertProblem(await h.app.request("/v1/me", bearer(key)), 401, "unauthorized");
      await assertProblem(await h.app.request("/v1/me", bearer(holder.token)), 401, "unauthorized");
    });

    await t.step(
      "a password change revokes every other credential and opens one session",
      async () => {
        const holder = await signUpUser(h, { verified: true });
        const { key } = await expectJson<{ key: string }>(
          await h.app.request(
            "/v1/me/api-keys",
            jsonRequest("POST", { name: "old", scopes: ["read"] }, holder.token),
          ),
          201,
        );
        await expectJson(await h.app.request("/v1/me", bearer(key)), 200);
        const change = (currentPassword: string) =>
          h.app.request(
            "/v1/me/password",
            jsonRequest(
              "PUT",
              { currentPassword, newPassword: `changed ${crypto.randomUUID()}` },
              holder.token,
            ),
          );
        await assertProblem(await change("not the password"), 403, "forbidden");
        const changed = await change(holder.password);
        const { session } = await expectJson<{ session: { token: string } }>(changed, 200);
        assert.match(changed.headers.get("set-cookie") ?? "", /pitchey_session=ps_/);
        await assertProblem(await h.app.request("/v1/me", bearer(key)), 401, "unauthorized");
        await assertProblem(
          await h.app.request("/v1/me", bearer(holder.token)),
          401,
          "unauthorized",
        );
        await expectJson(await h.app.request("/v1/me", bearer(session.token)), 200);
      },
    );
  } finally {
    await h.close();
  }
});
