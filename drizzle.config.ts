import { defineConfig } from "drizzle-kit";

// Used only by `deno task db:generate`: it diffs src/db/schema.ts against migrations/meta and writes
// the next SQL file. Migrations are append-only; never edit one that has been committed.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./migrations",
});
