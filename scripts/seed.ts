import { like, sql } from "drizzle-orm";
import { withDotEnv } from "../src/config/dot_env.ts";
import { loadConfig } from "../src/config/load_config.ts";
import { openDatabase } from "../src/deps.ts";
import { follows, saves } from "../src/db/tables/engagement.ts";
import { pitches } from "../src/db/tables/pitches.ts";
import { users } from "../src/db/tables/users.ts";
import { newId } from "../src/lib/ids.ts";
import { createPbkdf2PasswordHasher } from "../src/adapters/password_hasher/pbkdf2_password_hasher.ts";
import { trendTerm } from "../src/db/trending.ts";
import { createRandom, demoName, demoPitch } from "./seed/demo_text.ts";

/**
 * `deno task seed [--pitches N] [--reset]`: demo data for front-end work, on the configured
 * database (the embedded one by default): 500 users, 10,000 pitches (most published), saves and
 * follows, with progress output. Every demo account has the password printed at the end. Runs
 * once; `--reset` deletes the demo accounts (and, by cascade, their data) first.
 */
const DEMO_DOMAIN = "demo.pitchey.dev";
const DEMO_PASSWORD = "pitchey-demo-password";
const args = parseArgs(Deno.args);
const random = createRandom(20261125);
const DAY = 24 * 60 * 60_000;

const config = loadConfig(withDotEnv(Deno.env.toObject()));
const database = await openDatabase(config.database);
const db = database.db;
try {
  await database.migrate();
  const existing = await db.select({ n: sql<number>`count(*)::int` }).from(users)
    .where(like(users.email, `%@${DEMO_DOMAIN}`));
  if ((existing[0]?.n ?? 0) > 0 && !args.reset) {
    console.log(
      `Demo data is already there (${existing[0]!.n} demo users); use --reset to rebuild it`,
    );
    Deno.exit(0);
  }
  if (args.reset) {
    await db.delete(users).where(like(users.email, `%@${DEMO_DOMAIN}`));
    console.log("Removed the previous demo data");
  }
  const started = performance.now();
  const passwordHash = await createPbkdf2PasswordHasher({ iterations: config.passwordIterations })
    .hash(DEMO_PASSWORD);
  const now = Date.now();

  const people = Array.from({ length: 500 }, (_, i) => {
    const role = i === 0 ? "admin" : i <= 200 ? "creator" : "investor";
    const email = i === 0
      ? `admin@${DEMO_DOMAIN}`
      : i === 1
      ? `creator@${DEMO_DOMAIN}`
      : i === 201
      ? `investor@${DEMO_DOMAIN}`
      : `${role}-${i}@${DEMO_DOMAIN}`;
    const createdAt = new Date(now - random.int(200, 400) * DAY);
    return {
      id: newId("usr"),
      email,
      name: demoName(random),
      role: role as "admin" | "creator" | "investor",
      passwordHash,
      emailVerifiedAt: createdAt,
      createdAt,
      updatedAt: createdAt,
    };
  });
  await insertInBatches("users", people, (rows) => db.insert(users).values(rows));
  const creators = people.filter((p) => p.role === "creator");

  const pitchRows = Array.from({ length: args.pitches }, () => {
    const owner = random.pick(creators);
    const createdAt = new Date(now - random.int(1, 180) * DAY - random.int(0, DAY));
    const roll = random.next();
    const status = roll < 0.85 ? "published" : roll < 0.95 ? "draft" : "archived";
    const visibility = random.next() < 0.9
      ? "public"
      : random.next() < 0.5
      ? "unlisted"
      : "private";
    const publishedAt = status === "draft"
      ? null
      : new Date(createdAt.getTime() + random.int(0, 3) * DAY);
    const viewCount = status === "draft" ? 0 : Math.floor(random.next() ** 3 * 5_000);
    const activityAt = publishedAt ? publishedAt.getTime() : createdAt.getTime();
    return {
      id: newId("pit"),
      ownerId: owner.id,
      ...demoPitch(random),
      status: status as "published" | "draft" | "archived",
      visibility: visibility as "public" | "unlisted" | "private",
      viewCount,
      trendingScore: publishedAt ? trendTerm(1 + viewCount, activityAt) : 0,
      createdAt,
      updatedAt: createdAt,
      publishedAt,
    };
  });
  await insertInBatches("pitches", pitchRows, (rows) => db.insert(pitches).values(rows));

  const published = pitchRows.filter((p) => p.status === "published" && p.visibility !== "private");
  const saveRows = new Map<string, { userId: string; pitchId: string; createdAt: Date }>();
  for (let i = 0; i < args.pitches * 3; i++) {
    const user = random.pick(people);
    const pitch = random.pick(published);
    saveRows.set(`${user.id}:${pitch.id}`, {
      userId: user.id,
      pitchId: pitch.id,
      createdAt: new Date(now - random.int(0, 60) * DAY),
    });
  }
  await insertInBatches("saves", [...saveRows.values()], (rows) => db.insert(saves).values(rows));
  await db.execute(sql`update pitches p set save_count = s.n
    from (select pitch_id, count(*)::int as n from saves group by pitch_id) s where p.id = s.pitch_id`);

  const followRows = new Map<string, { followerId: string; followeeId: string; createdAt: Date }>();
  for (const person of people) {
    for (let i = 0; i < random.int(0, 25); i++) {
      const creator = random.pick(creators);
      if (creator.id === person.id) continue;
      followRows.set(`${person.id}:${creator.id}`, {
        followerId: person.id,
        followeeId: creator.id,
        createdAt: new Date(now - random.int(0, 90) * DAY),
      });
    }
  }
  await insertInBatches(
    "follows",
    [...followRows.values()],
    (rows) => db.insert(follows).values(rows),
  );
  await db.execute(sql`analyze`);

  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s. Sign in as:`);
  for (const who of ["creator", "investor", "admin"]) console.log(`  ${who}@${DEMO_DOMAIN}`);
  console.log(`  (every demo account's password is "${DEMO_PASSWORD}")`);
} finally {
  await database.close();
}

async function insertInBatches<T>(
  label: string,
  rows: T[],
  insert: (batch: T[]) => PromiseLike<unknown>,
): Promise<void> {
  const size = 500;
  for (let i = 0; i < rows.length; i += size) {
    await insert(rows.slice(i, i + size));
    const done = Math.min(i + size, rows.length);
    Deno.stdout.writeSync(new TextEncoder().encode(`\r${label.padEnd(8)} ${done}/${rows.length}`));
  }
  console.log();
}

function parseArgs(argv: string[]): { pitches: number; reset: boolean } {
  const index = argv.indexOf("--pitches");
  const pitchesArg = index >= 0 ? Number(argv[index + 1]) : 10_000;
  if (!Number.isInteger(pitchesArg) || pitchesArg < 1 || pitchesArg > 1_000_000) {
    console.error("--pitches must be a whole number from 1 to 1,000,000");
    Deno.exit(2);
  }
  return { pitches: pitchesArg, reset: argv.includes("--reset") };
}
