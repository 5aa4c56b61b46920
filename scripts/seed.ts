import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/deps.ts";
import type { Db } from "../src/db/database.ts";

/**
 * `deno task seed`: loads demo data into the configured database (the embedded one by default) so a
 * front-end developer has something to browse. Each seeder owns one resource and reports progress.
 * Seeders are added with their resources (accounts, pitches, ...).
 */
export interface Seeder {
  name: string;
  run(db: Db, progress: (done: number, total: number) => void): Promise<void>;
}

const SEEDERS: Seeder[] = [];

const config = loadConfig(Deno.env.toObject());
const database = await openDatabase(config.database);
try {
  await database.migrate();
  if (SEEDERS.length === 0) console.log("Nothing to seed yet: no resource defines demo data");
  for (const seeder of SEEDERS) {
    const started = performance.now();
    await seeder.run(database.db, (done, total) => {
      const line = `\r${seeder.name}: ${done}/${total}`;
      Deno.stdout.writeSync(new TextEncoder().encode(line));
    });
    console.log(` (${Math.round(performance.now() - started)} ms)`);
  }
} finally {
  await database.close();
}
