import type { Ctx } from "../../context.ts";
import { and, eq, isNull } from "drizzle-orm";
import { pitches } from "../../db/tables/pitches.ts";
import { ForbiddenError, NotFoundError, PreconditionFailedError } from "../../ports/errors.ts";
import { pitchViewColumns } from "./pitch_columns.ts";
import { pitchEtag } from "./pitch_view.ts";
import { canRead } from "./visibility.ts";

export function pitchNotFound(pitchId: string): NotFoundError {
  return new NotFoundError(`Pitch "${pitchId}" not found`);
}

/** The request was based on a version of the pitch that is no longer current (HTTP 412). */
export function pitchChanged(pitchId: string): PreconditionFailedError {
  return new PreconditionFailedError(
    `Pitch "${pitchId}" has changed since the version the request names; read it again and retry`,
  );
}

/**
 * The live pitch `userId` owns, for a change. Someone who may not read the pitch gets the same 404
 * as for a pitch that does not exist (drafts stay secret); someone who can read it but is not the
 * owner gets 403. `ifMatch`, when the request was conditional, is checked against the current
 * ETag after ownership. `forUpdate` locks the row until the surrounding transaction ends.
 */
export async function findOwnedPitch(
  { ctx, input }: {
    ctx: Pick<Ctx, "db">;
    input: {
      pitchId: string;
      userId: string;
      ifMatch?: (etag: string) => boolean;
      forUpdate?: boolean;
    };
  },
) {
  const query = ctx.db.select(pitchViewColumns).from(pitches)
    .where(and(eq(pitches.id, input.pitchId), isNull(pitches.deletedAt)))
    .limit(1);
  const [row] = input.forUpdate ? await query.for("update") : await query;
  if (!row || !canRead(row, input.userId)) throw pitchNotFound(input.pitchId);
  if (row.ownerId !== input.userId) {
    throw new ForbiddenError(
      `Pitch "${input.pitchId}" belongs to another user; only its owner may change it`,
    );
  }
  if (input.ifMatch && !input.ifMatch(pitchEtag(row))) throw pitchChanged(input.pitchId);
  return row;
}
