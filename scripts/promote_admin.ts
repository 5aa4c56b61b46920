import { eq } from "drizzle-orm";
import { withDotEnv } from "../src/config/dot_env.ts";
import { loadConfig } from "../src/config/load_config.ts";
import { closeDeps, createDeps } from "../src/deps.ts";
import { users } from "../src/db/tables/users.ts";
import { changeUserRole } from "../src/services/admin/change_user_role.ts";
import { normalizeEmail } from "../src/services/accounts/user_view.ts";

/**
 * `deno task admin:promote <email>`: makes an existing account an administrator. The bootstrap for
 * the first admin (later ones can be promoted through `PATCH /v1/admin/users/{id}`). It goes
 * through the same service as that route, so the user's cached principals are dropped: with Redis
 * configured, every running instance applies the new role within about two seconds; a server with
 * the memory-only cache (one process) picks it up within the principal's freshness, five minutes.
 */
const email = Deno.args[0];
if (!email) {
  console.error("Usage: deno task admin:promote <email>");
  Deno.exit(2);
}
const deps = await createDeps(loadConfig(withDotEnv(Deno.env.toObject())));
try {
  const [row] = await deps.db.select({ id: users.id }).from(users)
    .where(eq(users.email, normalizeEmail(email))).limit(1);
  if (!row) {
    console.error(`No account with email "${normalizeEmail(email)}"`);
    Deno.exitCode = 1;
  } else {
    await changeUserRole({
      ctx: deps,
      input: { actorId: "operator:admin-promote", userId: row.id, role: "admin" },
    });
    console.log(`User "${row.id}" is now an admin`);
  }
} finally {
  await closeDeps(deps);
}
