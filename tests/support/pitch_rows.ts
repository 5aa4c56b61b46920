import { eq } from "drizzle-orm";
import { pitches } from "../../src/db/tables/pitches.ts";
import { newId } from "../../src/lib/ids.ts";
import type { Harness } from "./harness.ts";
import type { PitchStatus, Visibility } from "../../src/lib/enums.ts";

/**
 * A pitch row written directly, created (and, unless a draft, published) at the clock's current
 * time, so every state (draft, private, archived, deleted) is one call away and tests do not
 * depend on the pitch-editing routes. Returns the pitch id.
 */
export async function insertPitch(
  h: Harness,
  owner: { id: string },
  state: { status?: PitchStatus; visibility?: Visibility; deleted?: boolean } = {},
): Promise<string> {
  const { status = "published", visibility = "public", deleted = false } = state;
  const id = newId("pit");
  const now = new Date(h.clock.now());
  await h.deps.database.db.insert(pitches).values({
    id,
    ownerId: owner.id,
    title: `Pitch ${id}`,
    logline: "A logline",
    genre: "drama",
    format: "feature",
    visibility,
    status,
    createdAt: now,
    updatedAt: now,
    publishedAt: status === "draft" ? null : now,
    deletedAt: deleted ? now : null,
  });
  return id;
}

/** Changes a pitch row directly, behind the API (and its cache invalidation). */
export async function setPitch(
  h: Harness,
  id: string,
  changes: Partial<typeof pitches.$inferInsert>,
): Promise<void> {
  await h.deps.database.db.update(pitches).set(changes).where(eq(pitches.id, id));
}
