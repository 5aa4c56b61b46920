import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { rowsOf } from "../../src/db/raw_rows.ts";
import { bearer, signUpUser } from "../support/accounts.ts";
import { createHarness } from "../support/harness.ts";
import { changeUserRole } from "../../src/services/admin/change_user_role.ts";

const PROMOTE_SCRIPT = new URL("../../scripts/promote_admin.ts", import.meta.url).pathname;
const realServices = Boolean(Deno.env.get("TEST_DATABASE_URL") && Deno.env.get("TEST_REDIS_URL"));

Deno.test("a role change reaches sessions opened before it", async (t) => {
  const h = await createHarness();
  try {
    await t.step("through the service, the same instance applies it at once", async () => {
      const user = await signUpUser(h);
      const before = await h.app.request("/v1/admin/users", bearer(user.token));
      assert.equal(before.status, 403, await before.text());
      await changeUserRole({
        ctx: h.deps,
        input: { actorId: "operator:test", userId: user.id, role: "admin" },
      });
      const after = await h.app.request("/v1/admin/users", bearer(user.token));
      assert.equal(after.status, 200, await after.text());
    });

    await t.step({
      name: "deno task admin:promote reaches a running instance within the window",
      ignore: !realServices || h.cacheConfig.kind !== "upstash",
      fn: async () => {
        const user = await signUpUser(h);
        const before = await h.app.request("/v1/admin/users", bearer(user.token));
        assert.equal(before.status, 403, await before.text());
        const [row] = rowsOf<{ name: string }>(
          await h.deps.db.execute(sql`select current_database() as name`),
        );
        const url = new URL(Deno.env.get("TEST_DATABASE_URL")!);
        url.pathname = `/${row!.name}`;
        const cache = h.cacheConfig.kind === "upstash" ? h.cacheConfig : undefined;
        const run = await new Deno.Command(Deno.execPath(), {
          args: ["run", "-A", PROMOTE_SCRIPT, user.email],
          env: {
            DATABASE_URL: url.href,
            DATABASE_DRIVER: "tcp",
            UPSTASH_REDIS_REST_URL: cache!.url,
            UPSTASH_REDIS_REST_TOKEN: cache!.token,
            APP_SECRET: "role-change-test-app-secret-0123456789",
            CACHE_KEY_PREFIX: cache!.keyPrefix,
            LOG_LEVEL: "error",
          },
          stdout: "piped",
          stderr: "piped",
        }).output();
        const out = new TextDecoder().decode(run.stdout) + new TextDecoder().decode(run.stderr);
        assert.equal(run.code, 0, out);
        h.clock.advance(3_000);
        const after = await h.app.request("/v1/admin/users", bearer(user.token));
        assert.equal(after.status, 200, `${await after.text()}\nscript: ${out}`);
      },
    });
  } finally {
    await h.close();
  }
});
