import { and, count, eq, isNull } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { ConflictError } from "../../ports/errors.ts";
import { ACCOUNT_CAPS } from "../shared/caps.ts";
import { newId } from "../../lib/ids.ts";
import { pitchViewColumns } from "./pitch_columns.ts";
import { type PitchRow, type PitchView, toPitchView } from "./pitch_view.ts";

/** What an owner writes; everything else (status, counters, dates) is the service's. */
export type PitchFields = Pick<
  PitchRow,
  | "title"
  | "logline"
  | "synopsis"
  | "genre"
  | "format"
  | "tags"
  | "budgetRange"
  | "deckUrl"
  | "visibility"
>;

/**
 * Creates a draft owned by `ownerId`; nothing else sees it until it is published. An owner holds
 * at most `ACCOUNT_CAPS.drafts` drafts.
 */
export async function createPitch(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock">;
    input: { ownerId: string; fields: PitchFields };
  },
): Promise<PitchView> {
  const [drafts] = await ctx.db.select({ n: count() }).from(pitches).where(and(
    eq(pitches.ownerId, input.ownerId),
    eq(pitches.status, "draft"),
    isNull(pitches.deletedAt),
  ));
  if ((drafts?.n ?? 0) >= ACCOUNT_CAPS.drafts) {
    throw new ConflictError(
      `Account "${input.ownerId}" already has ${ACCOUNT_CAPS.drafts} drafts, the most allowed; publish or delete one first`,
      { limit: ACCOUNT_CAPS.drafts },
    );
  }
  const now = new Date(ctx.clock.now());
  const f = input.fields;
  // Picked one by one so a request can never set status, counters or the owner.
  const [row] = await ctx.db.insert(pitches).values({
    id: newId("pit"),
    ownerId: input.ownerId,
    title: f.title,
    logline: f.logline,
    synopsis: f.synopsis,
    genre: f.genre,
    format: f.format,
    tags: f.tags,
    budgetRange: f.budgetRange,
    deckUrl: f.deckUrl,
    visibility: f.visibility,
    status: "draft",
    createdAt: now,
    updatedAt: now,
  }).returning(pitchViewColumns);
  return toPitchView(row!);
}
