import { and, asc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { follows, pitchViews, saves } from "../../db/tables/engagement.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { viewerDigest } from "../../lib/viewer_digest.ts";
import { micros } from "../pitches/pitch_list_sql.ts";
import type { BuildProgress } from "./export_file_writer.ts";
import type { JsonSection } from "./json_lists.ts";
import { keysetBatches, pagesByTime } from "./keyset_batches.ts";

/** Pitches per read: a synopsis may be 20,000 characters, so a page stays under about 2 MB. */
const PITCH_PAGE = 100;
/** Rows per read of the narrow lists (saves, follows, views). */
const PAGE = 1000;

/**
 * The account-data sections about what the user made and did: every pitch in every state
 * (drafts, archived and deleted ones too, which are kept), saved pitches, whom the user follows
 * and who follows them (ids only: the other side's profile is theirs), and the pitches they
 * viewed, found through the same viewer digest the view counter stores.
 */
export function accountContentSections(
  ctx: Pick<Ctx, "db">,
  userId: string,
  progress: BuildProgress,
): JsonSection[] {
  const db = ctx.db;
  const viewer = viewerDigest({ userId });
  const follow = (side: "followers" | "following") => {
    const mine = side === "following" ? follows.followerId : follows.followeeId;
    const theirs = side === "following" ? follows.followeeId : follows.followerId;
    return pagesByTime(
      progress,
      PAGE,
      { time: follows.createdAt, tie: theirs },
      (after, limit) =>
        db.select({
          key: micros(follows.createdAt),
          tie: theirs,
          userId: theirs,
          createdAt: follows.createdAt,
        }).from(follows).where(and(eq(mine, userId), after))
          .orderBy(asc(follows.createdAt), asc(theirs)).limit(limit),
    );
  };
  return [
    {
      name: "pitches",
      list: pagesByTime(progress, PITCH_PAGE, { time: pitches.createdAt, tie: pitches.id }, (
        after,
        limit,
      ) =>
        db.select({
          key: micros(pitches.createdAt),
          tie: pitches.id,
          id: pitches.id,
          title: pitches.title,
          logline: pitches.logline,
          synopsis: pitches.synopsis,
          genre: pitches.genre,
          format: pitches.format,
          tags: pitches.tags,
          budgetRange: pitches.budgetRange,
          deckUrl: pitches.deckUrl,
          visibility: pitches.visibility,
          status: pitches.status,
          viewCount: pitches.viewCount,
          saveCount: pitches.saveCount,
          version: pitches.version,
          createdAt: pitches.createdAt,
          updatedAt: pitches.updatedAt,
          publishedAt: pitches.publishedAt,
          deletedAt: pitches.deletedAt,
        }).from(pitches).where(and(eq(pitches.ownerId, userId), after))
          .orderBy(asc(pitches.createdAt), asc(pitches.id)).limit(limit)),
    },
    {
      name: "saves",
      list: pagesByTime(progress, PAGE, { time: saves.createdAt, tie: saves.pitchId }, (
        after,
        limit,
      ) =>
        db.select({
          key: micros(saves.createdAt),
          tie: saves.pitchId,
          pitchId: saves.pitchId,
          createdAt: saves.createdAt,
        }).from(saves).where(and(eq(saves.userId, userId), after))
          .orderBy(asc(saves.createdAt), asc(saves.pitchId)).limit(limit)),
    },
    { name: "following", list: follow("following") },
    { name: "followers", list: follow("followers") },
    {
      name: "pitchViews",
      list: () =>
        keysetBatches(
          progress,
          PAGE,
          (last, limit) =>
            db.select({
              key: pitchViews.day,
              tie: pitchViews.pitchId,
              pitchId: pitchViews.pitchId,
              day: pitchViews.day,
            })
              .from(pitchViews)
              .where(and(
                eq(pitchViews.viewer, viewer),
                last
                  ? sql`(${pitchViews.pitchId}, ${pitchViews.day}) > (${last.tie}, ${last.key}::date)`
                  : undefined,
              ))
              .orderBy(asc(pitchViews.pitchId), asc(pitchViews.day)).limit(limit),
        ),
    },
  ];
}
