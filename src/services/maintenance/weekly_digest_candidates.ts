import { sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/database.ts";
import { rowsOf } from "../../db/raw_rows.ts";
import { weeklyDigests } from "../../db/tables/digests.ts";
import { follows } from "../../db/tables/engagement.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { users } from "../../db/tables/users.ts";
import type { DigestPitch } from "../email/templates/weekly_digest_email.ts";

/** One user's digest: the newest pitches first, and how many there were in all. */
export interface DigestCandidate {
  userId: string;
  email: string;
  name: string;
  pitches: DigestPitch[];
  total: number;
}

/**
 * The next `limit` users, by id after `after`, who have a verified email, are not suspended, have
 * no digest for `weekStart` yet, and follow a creator with a listed pitch (published, public, live)
 * published in [since, until); each with at most `perUser` of those pitches. One query per page of
 * users.
 */
export async function weeklyDigestCandidates(
  db: Db | Tx,
  input: {
    since: Date;
    until: Date;
    weekStart: string;
    after: string;
    limit: number;
    perUser: number;
  },
): Promise<DigestCandidate[]> {
  const { since, until, weekStart, after, limit, perUser } = input;
  const listedInWindow = sql`p.status = 'published' and p.visibility = 'public'
    and p.deleted_at is null and p.hidden_at is null and p.published_at >= ${since.toISOString()}::timestamptz
    and p.published_at < ${until.toISOString()}::timestamptz`;
  const result = await db.execute(sql`
    with page as (
      select distinct f.follower_id as user_id
      from ${follows} f
      join ${pitches} p on p.owner_id = f.followee_id and ${listedInWindow}
      join ${users} u on u.id = f.follower_id and u.email_verified_at is not null
        and u.suspended_at is null
      where f.follower_id > ${after}
        and not exists (
          select 1 from ${weeklyDigests} d
          where d.user_id = f.follower_id and d.week_start = ${weekStart}::date
        )
      order by 1
      limit ${limit}
    ), ranked as (
      select pg.user_id, u.email, u.name, p.id as pitch_id, p.title, p.logline,
        o.name as creator_name,
        row_number() over (
          partition by pg.user_id order by p.published_at desc, p.id desc
        ) as n,
        count(*) over (partition by pg.user_id) as total
      from page pg
      join ${users} u on u.id = pg.user_id
      join ${follows} f on f.follower_id = pg.user_id
      join ${pitches} p on p.owner_id = f.followee_id and ${listedInWindow}
      join ${users} o on o.id = p.owner_id
    )
    select * from ranked where n <= ${perUser} order by user_id, n`);
  type Row = {
    user_id: string;
    email: string;
    name: string;
    pitch_id: string;
    title: string;
    logline: string;
    creator_name: string;
    total: number | string;
  };
  const byUser = new Map<string, DigestCandidate>();
  for (const row of rowsOf<Row>(result)) {
    let candidate = byUser.get(row.user_id);
    if (!candidate) {
      candidate = {
        userId: row.user_id,
        email: row.email,
        name: row.name,
        pitches: [],
        total: Number(row.total),
      };
      byUser.set(row.user_id, candidate);
    }
    candidate.pitches.push({
      id: row.pitch_id,
      title: row.title,
      logline: row.logline,
      creatorName: row.creator_name,
    });
  }
  return [...byUser.values()];
}
