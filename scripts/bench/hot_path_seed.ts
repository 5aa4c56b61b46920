/**
 * Data for `hot_path.ts`: the demo catalogue of `scripts/seed.ts` (run as a child on the chosen
 * database), then signed-in users in bulk (studio plan, so the per-user rate limit of 3,000 a
 * minute stays out of the way) whose session tokens the bench knows: the database keeps only their
 * SHA-256, as the API does.
 */
import { sql } from "drizzle-orm";
import { openDatabase } from "../../src/deps.ts";
import type { DatabaseConfig } from "../../src/config/types.ts";
import { childEnv } from "./bench_servers.ts";

/** Seeds the catalogue and `users` signed-in users; returns their tokens and a public pitch id. */
export async function seedHotPath(options: {
  root: string;
  env: Record<string, string>;
  database: DatabaseConfig;
  pitches: number;
  users: number;
  runId: string;
}): Promise<{ tokens: string[]; pitchId: string }> {
  const started = performance.now();
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/seed.ts", "--pitches", String(options.pitches)],
    cwd: options.root,
    env: childEnv(options.env),
    clearEnv: true,
    stdin: "null",
  }).output();
  if (!output.success) {
    throw new Error(`Seeding failed:\n${new TextDecoder().decode(output.stderr)}`);
  }
  const prefix = `ps_bench_${options.runId}_`;
  const n = options.users;
  const database = await openDatabase(options.database);
  try {
    const db = database.db;
    await db.execute(sql.raw(
      `insert into users (id, email, name, role, password_hash)
       select 'usr_bench_' || g, 'bench' || g || '@bench.invalid', 'Bench ' || g, 'creator', 'x'
       from generate_series(1, ${n}) g`,
    ));
    await db.execute(sql.raw(
      `insert into subscriptions (user_id, subscription_id, customer_id, plan, status,
         provider_updated_at)
       select 'usr_bench_' || g, 'sub_bench_' || g, 'cus_bench_' || g, 'studio', 'active', now()
       from generate_series(1, ${n}) g`,
    ));
    await db.execute(sql.raw(
      `insert into sessions (id, user_id, token_hash, expires_at, last_seen_at)
       select 'ses_bench_' || g, 'usr_bench_' || g,
         encode(sha256(convert_to('${prefix}' || g, 'UTF8')), 'hex'),
         now() + interval '30 days', now()
       from generate_series(1, ${n}) g`,
    ));
    await db.execute(sql.raw("analyze"));
    const result = await db.execute(sql.raw(
      `select id from pitches where status = 'published' and visibility = 'public'
       order by published_at desc limit 1`,
    ));
    const rows = (result as unknown as { rows: Array<{ id: string }> }).rows;
    const pitchId = rows[0]?.id;
    if (!pitchId) throw new Error("The seeded catalogue has no published public pitch");
    console.error(
      `Seeded ${options.pitches} pitches and ${n} signed-in users in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return { tokens: Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`), pitchId };
  } finally {
    await database.close();
  }
}
