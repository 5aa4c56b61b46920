// @ts-types="npm:@types/pg@8.15.6"
import pg from "pg";
import { openDatabase } from "../src/deps.ts";
import { myPitchesQuery } from "../src/services/pitches/list_my_pitches.ts";
import { listPitchesQuery } from "../src/services/pitches/list_pitches.ts";
import { FORMATS, GENRES } from "../src/lib/enums.ts";

/**
 * `deno run -A scripts/explain_pitch_queries.ts [postgres-url]`: proves every list query is served
 * by an index. Builds a scratch database `pitchey_explain_<random>` on the server at the URL,
 * migrates it, loads 1,000 users and 100,000 pitches (90% listed), and prints
 * `EXPLAIN (ANALYZE, BUFFERS)` of the exact SQL the list services build. Drops it at the end.
 */
const adminUrl = Deno.args[0] ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `pitchey_explain_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
const url = new URL(adminUrl);
url.pathname = `/${name}`;

const VOCABULARY = (
  "heist thriller city night crew vault detective murder family secret love war ship island " +
  "robot planet ghost house school summer winter journey king queen empire rebel river desert " +
  "mountain forest ocean train road diner band singer dancer chef farmer soldier pilot nurse " +
  "doctor lawyer judge mayor spy agent hacker thief con artist gambler boxer coach team rival " +
  "brother sister mother father daughter son widow orphan stranger neighbour village town " +
  "kingdom galaxy station colony storm fire flood plague cure virus machine code signal radio " +
  "letter diary map treasure gold diamond painting museum gallery theatre circus carnival " +
  "wedding funeral birthday reunion escape chase race fight trial prison election revolution " +
  "invasion betrayal revenge redemption friendship rivalry ambition memory dream nightmare " +
  "curse witch vampire wolf dragon knight wizard monster alien clone android satellite bank " +
  "casino mansion cabin lighthouse harbour airport hotel hospital factory mine farm ranch"
).split(" ");
// Picked with a cubed random number: the first tags are common, the last rare, as on a real site.
// One more, "award-winner", is on 0.1% of pitches: the planner walks the recency index for a tag
// that fills a page quickly and switches to the GIN index for one that does not.
const TAGS = (
  "indie noir heist coming-of-age true-story period dystopia space-opera buddy road-movie " +
  "ensemble anthology satire musical sports legal medical political war western mystery " +
  "psychological slasher found-footage stop-motion adult-animation family teen biopic nature " +
  "crime cyberpunk steampunk mythology folk-horror romcom workplace survival disaster time-travel"
).split(" ");
const literal = (values: readonly string[]) => `array[${values.map((v) => `'${v}'`).join(",")}]`;
const words = (count: string) =>
  `array_to_string(array(select (${
    literal(VOCABULARY)
  })[1 + floor(random() * ${VOCABULARY.length})::int] from generate_series(1, ${count})), ' ')`;

// One statement per table: the server generates the rows, so 100,000 pitches load in seconds.
// By `r`: 90% listed, 3% private, 2% unlisted, 2% archived, 2% drafts, 1% deleted.
const SEED = [
  `select setseed(0.42)`,
  `insert into users (id, email, name, role, password_hash, created_at)
   select 'usr_' || lpad(g::text, 6, '0'), 'user' || g || '@example.com', 'User ' || g,
          case when g % 5 = 0 then 'investor' else 'creator' end, 'x',
          now() - interval '2 years' + g * interval '10 minutes'
   from generate_series(1, 1000) g`,
  `insert into pitches (id, owner_id, title, logline, synopsis, genre, format, tags, visibility,
     status, view_count, save_count, trending_score, created_at, updated_at, published_at, deleted_at)
   select 'pit_' || lpad(g::text, 8, '0'),
          'usr_' || lpad((1 + floor(1000 * random() ^ 2))::int::text, 6, '0'),
          ${words("3 + g % 3")}, ${words("12 + g % 5")}, ${words("40 + g % 20")},
          (${literal(GENRES)})[1 + floor(random() * ${GENRES.length})::int],
          (${literal(FORMATS)})[1 + floor(random() * ${FORMATS.length})::int],
          array(select distinct (${literal(TAGS)})[1 + floor(random() ^ 3 * ${TAGS.length})::int]
                from generate_series(1, 1 + g % 3))
            || case when g % 1000 = 0 then array['award-winner'] else '{}' end,
          case when r < 0.90 or r >= 0.99 then 'public' when r < 0.93 then 'private' else 'unlisted' end,
          case when r < 0.95 or r >= 0.99 then 'published' when r < 0.97 then 'archived' else 'draft' end,
          floor(random() * 5000)::int, floor(random() * 300)::int, random() * 60,
          at - interval '3 days', at, case when r < 0.97 or r >= 0.99 then at end,
          case when r >= 0.99 then at + interval '1 day' end
   from (select g, random() as r, now() - random() * interval '365 days' as at
         from generate_series(1, 100000) g) s`,
  // Vacuum too: it sets hint bits and the visibility map, as on a table that has been live a while.
  `vacuum analyze`,
];

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
console.log(`Created ${name}`);
const database = await openDatabase({ driver: "tcp", url: url.href, poolMax: 2 });
const client = new pg.Client({ connectionString: url.href });
try {
  await database.migrate();
  await client.connect();
  for (const statement of SEED) {
    const started = performance.now();
    const result = await client.query(statement);
    const label = statement.trim().split("\n")[0]!.slice(0, 40);
    console.log(
      `${label} ... ${result.rowCount ?? 0} rows, ${Math.round(performance.now() - started)} ms`,
    );
  }
  const db = database.db;
  const [owner] = (await client.query(
    `select owner_id from pitches group by owner_id order by count(*) desc limit 1`,
  )).rows as Array<{ owner_id: string }>;
  const ownerId = owner!.owner_id;
  const firstPage = await listPitchesQuery(db, { limit: 20 });
  const last = firstPage.at(-1)!;
  const mine = (await myPitchesQuery(db, { ownerId, limit: 20 })).at(-1)!;
  const queries: Array<[string, { toSQL(): { sql: string; params: unknown[] } }]> = [
    ["new, first page", listPitchesQuery(db, { limit: 20 })],
    ["new, second page", listPitchesQuery(db, { limit: 20 }, { value: last.pageKey, id: last.id })],
    ["trending", listPitchesQuery(db, { limit: 20, sort: "trending" })],
    ["genre=horror", listPitchesQuery(db, { limit: 20, genre: "horror" })],
    ["tag=indie (common)", listPitchesQuery(db, { limit: 20, tag: "indie" })],
    ["tag=time-travel (rare, ~2%)", listPitchesQuery(db, { limit: 20, tag: "time-travel" })],
    ["tag=award-winner (0.1%)", listPitchesQuery(db, { limit: 20, tag: "award-winner" })],
    [`ownerId=${ownerId}`, listPitchesQuery(db, { limit: 20, ownerId })],
    ['q="heist thriller city"', listPitchesQuery(db, { limit: 20, q: "heist thriller city" })],
    [`/v1/me/pitches as ${ownerId}`, myPitchesQuery(db, { ownerId, limit: 20 })],
    [
      `/v1/me/pitches as ${ownerId}, second page`,
      myPitchesQuery(db, { ownerId, limit: 20 }, { value: mine.pageKey, id: mine.id }),
    ],
  ];
  const missing: string[] = [];
  for (const [label, query] of queries) {
    const { sql, params } = query.toSQL();
    const plan = await client.query(`explain (analyze, buffers) ${sql}`, params);
    const lines = (plan.rows as Array<{ "QUERY PLAN": string }>).map((row) => row["QUERY PLAN"]);
    console.log(
      `\n=== ${label}\n${sql}\n-- params: ${JSON.stringify(params)}\n${lines.join("\n")}`,
    );
    if (
      !lines.some((line) => /(Index|Index Only|Bitmap Index) Scan (using|on) pitches_/.test(line))
    ) {
      missing.push(label);
    }
  }
  console.log(
    missing.length === 0
      ? "\nEvery plan uses a pitches_* index"
      : `\nPlans without a pitches_* index: ${missing.join(", ")}`,
  );
  if (missing.length > 0) Deno.exitCode = 1;
} finally {
  await client.end().catch(() => {});
  await database.close();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  console.log(`Dropped ${name}`);
}
