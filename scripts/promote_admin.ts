import { eq } from "drizzle-orm";
import { loadConfig } from "../src/config/load_config.ts";
import { openDatabase } from "../src/deps.ts";
import { users } from "../src/db/tables/users.ts";
import { normalizeEmail } from "../src/services/accounts/user_view.ts";

/**
 * `deno task admin:promote <email>`: makes an existing account an administrator. The bootstrap for
 * the first admin (later ones can be promoted through `PATCH /v1/admin/users/{id}`). Cached
 * credentials of the user expire within minutes; the user can also sign in again.
 */
const email = Deno.args[0];
if (!email) {
  console.error("Usage: deno task admin:promote <email>");
  Deno.exit(2);
}
const config = loadConfig(Deno.env.toObject());
const database = await openDatabase(config.database);
try {
  if (config.database.driver === "pglite") await database.migrate();
  const [row] = await database.db.update(users).set({ role: "admin" })
    .where(eq(users.email, normalizeEmail(email))).returning({ id: users.id });
  if (!row) {
    console.error(`No account with email "${normalizeEmail(email)}"`);
    Deno.exitCode = 1;
  } else {
    console.log(`User "${row.id}" is now an admin`);
  }
} finally {
  await database.close();
}
