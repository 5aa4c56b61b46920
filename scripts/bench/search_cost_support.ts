/** Data, scenarios and measurements of `search_cost.ts`. */
// @ts-types="npm:@types/pg@8.15.6"
import type pg from "pg";
import { FORMATS, GENRES } from "../../src/lib/enums.ts";

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
const literal = (values: readonly string[]) => `array[${values.map((v) => `'${v}'`).join(",")}]`;
const words = (count: string) =>
  `array_to_string(array(select (${
    literal(VOCABULARY)
  })[1 + floor(random() * ${VOCABULARY.length})::int] from generate_series(1, ${count})), ' ')`;

/**
 * Statements that load 1,000 users and `pitches` pitches server-side in seconds (`seed.ts` takes
 * minutes, and its bulk counter update outlasts the 15 s statement timeout on a busy machine).
 * Like the demo data: 85% published, 90% of those public, published over the last 180 days, a
 * synopsis of 60-100 words from a 150-word vocabulary ending in the demo's "... learns what the
 * <noun> really means", so "learns" is in every pitch, as in `seed.ts`. Then "zephyr" goes into
 * the oldest 4% of listed pitches and "quasar" into the oldest 20%: words that are common, but
 * only in old pitches, which a newest-first walk meets last.
 */
export function loadStatements(pitches: number): string[] {
  return [
    `select setseed(0.42)`,
    `insert into users (id, email, name, role, password_hash, created_at)
     select 'usr_' || lpad(g::text, 6, '0'), 'user' || g || '@example.com', 'User ' || g,
            'creator', 'x', now() - interval '400 days'
     from generate_series(1, 1000) g`,
    `insert into pitches (id, owner_id, title, logline, synopsis, genre, format, tags, visibility,
       status, view_count, trending_score, created_at, updated_at, published_at)
     select 'pit_' || lpad(g::text, 8, '0'),
            'usr_' || lpad((1 + floor(1000 * random()))::int::text, 6, '0'),
            'The ' || ${words("2")}, initcap(${words("12")}),
            ${words("60 + g % 40")} || '. Along the way the hero learns what the ' ||
              ${words("1")} || ' really means.',
            (${literal(GENRES)})[1 + floor(random() * ${GENRES.length})::int],
            (${literal(FORMATS)})[1 + floor(random() * ${FORMATS.length})::int],
            array['indie'], case when random() < 0.9 then 'public' else 'unlisted' end,
            case when r < 0.85 then 'published' else 'draft' end,
            floor(random() * 5000)::int, random() * 60, at, at,
            case when r < 0.85 then at end
     from (select g, random() as r, now() - random() * interval '180 days' as at
           from generate_series(1, ${pitches}) g) s`,
    oldest("zephyr", Math.ceil(pitches * 0.04)),
    oldest("quasar", Math.ceil(pitches * 0.2)),
    `vacuum analyze`,
  ];
}

/** The list queries explained, as `listPitchesQuery` takes them (both trees accept these). */
export const EXPLAINED: ReadonlyArray<[string, { limit: number; q: string; sort?: "new" }]> = [
  ['relevance q="learns" (every synopsis)', { limit: 20, q: "learns" }],
  ['relevance q="heist"', { limit: 20, q: "heist" }],
  ['relevance q="lighthouse heist"', { limit: 20, q: "lighthouse heist" }],
  ['relevance q="zephyr" (oldest 4%)', { limit: 20, q: "zephyr" }],
  ['relevance q="quasar" (oldest 20%)', { limit: 20, q: "quasar" }],
  ['relevance q="zzyzx" (no match)', { limit: 20, q: "zzyzx" }],
  ['sort=new q="learns"', { limit: 20, q: "learns", sort: "new" }],
  ['sort=new q="zephyr" (oldest 4%)', { limit: 20, q: "zephyr", sort: "new" }],
  ['sort=new q="quasar" (oldest 20%)', { limit: 20, q: "quasar", sort: "new" }],
];

interface PlanNode {
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  "Workers Launched"?: number;
  Plans?: PlanNode[];
}

/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of `sql` six times: the median execution time of the last five
 * (the first warms the cache), the shared buffers the last plan touched, and the parallel
 * workers it launched.
 */
export async function explainMedian(
  client: pg.Client,
  sql: string,
  params: unknown[],
): Promise<{ ms: number; buffers: number; workers: number }> {
  const times: number[] = [];
  let last: { Plan: PlanNode } | undefined;
  for (let i = 0; i < 6; i++) {
    const result = await client.query(`explain (analyze, buffers, format json) ${sql}`, params);
    const [plan] = result.rows[0]["QUERY PLAN"] as Array<
      { Plan: PlanNode; "Execution Time": number }
    >;
    if (i > 0) times.push(plan!["Execution Time"]);
    last = plan;
  }
  times.sort((a, b) => a - b);
  const top = last!.Plan;
  return {
    ms: times[Math.floor(times.length / 2)]!,
    buffers: (top["Shared Hit Blocks"] ?? 0) + (top["Shared Read Blocks"] ?? 0),
    workers: workersOf(top),
  };
}

function workersOf(node: PlanNode): number {
  return (node["Workers Launched"] ?? 0) +
    (node.Plans ?? []).reduce((sum, child) => sum + workersOf(child), 0);
}

/** Words the english configuration drops ("or" is left out: it is an operator). */
const STOP_WORDS = (
  "the a an of at by for with about into through during before after above below to from up " +
  "down in out on off over under again further then once here there"
).split(" ");
const WORD = "learns";

/**
 * Request `i` of the unique-search load: "learns" behind two stop words, in a letter case that
 * changes once the stop-word pairs run out (78,400 distinct strings). Each is a new list-cache
 * key, while `websearch_to_tsquery` drops the stop words and folds case, so Postgres runs the
 * same search every time: three terms, well within the bounds.
 */
export function uniqueSearch(i: number): string {
  const pair = i % STOP_WORDS.length ** 2;
  const mask = Math.floor(i / STOP_WORDS.length ** 2) % 2 ** WORD.length;
  const spelled = [...WORD].map((ch, k) => (mask >> k) & 1 ? ch.toUpperCase() : ch).join("");
  const first = STOP_WORDS[pair % STOP_WORDS.length];
  const second = STOP_WORDS[Math.floor(pair / STOP_WORDS.length)];
  return `/v1/pitches?q=${encodeURIComponent(`${first} ${second} ${spelled}`)}`;
}

/** Appends `word` to the logline of the `count` oldest listed pitches. */
function oldest(word: string, count: number): string {
  return `update pitches set logline = logline || ' A ${word}.' where id in (
    select id from pitches where status = 'published' and visibility = 'public'
    and deleted_at is null order by published_at, id limit ${count})`;
}
