import { z } from "@hono/zod-openapi";
import { BUDGET_RANGES, FORMATS, GENRES, PITCH_STATUSES, VISIBILITIES } from "../../lib/enums.ts";

/** Why a pitch is hidden from everyone but its owner; shown to the owner only. */
export const PitchModerationSchema = z.object({
  hidden: z.literal(true),
  reason: z.string(),
  hiddenAt: z.iso.datetime(),
}).openapi("PitchModeration");

/** A pitch as the API returns it. */
export const PitchSchema = z.object({
  id: z.string().openapi({ example: "pit_4hQ9mZ2xVb7nT3cW9pLr" }),
  ownerId: z.string(),
  title: z.string(),
  logline: z.string(),
  synopsis: z.string(),
  genre: z.enum(GENRES),
  format: z.enum(FORMATS),
  tags: z.array(z.string()),
  budgetRange: z.enum(BUDGET_RANGES).nullable(),
  deckUrl: z.string().nullable(),
  visibility: z.enum(VISIBILITIES),
  status: z.enum(PITCH_STATUSES),
  viewCount: z.number().int(),
  saveCount: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  publishedAt: z.iso.datetime().nullable(),
  version: z.number().int(),
  moderation: PitchModerationSchema.optional().openapi({
    description: "Present while an administrator hides the pitch from everyone but its owner",
  }),
}).openapi("Pitch");

/** A keyset page: `nextCursor` is opaque; pass it back as `cursor` for the next page. */
export const PitchPageSchema = z.object({
  items: z.array(PitchSchema),
  nextCursor: z.string().nullable(),
}).openapi("PitchPage");

/** Tags: trimmed, lower-cased, inner spaces collapsed, duplicates dropped; up to 10 of 1-30 chars. */
export const TagsSchema = z.array(
  z.string().trim().toLowerCase().min(1).max(30).transform((tag) => tag.replace(/\s+/g, " ")),
).max(10).transform((tags) => [...new Set(tags)]);

/** An https URL the server stores and shows but never fetches. */
export const DeckUrlSchema = z.string().max(2_048).refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.includes(".");
  } catch {
    return false;
  }
}, { message: "Must be an https URL" });

/** Editable fields with their limits, shared by create and update. */
export const pitchFields = {
  title: z.string().trim().min(1).max(120),
  logline: z.string().trim().min(1).max(300),
  synopsis: z.string().max(20_000),
  genre: z.enum(GENRES),
  format: z.enum(FORMATS),
  tags: TagsSchema,
  budgetRange: z.enum(BUDGET_RANGES).nullable(),
  deckUrl: DeckUrlSchema.nullable(),
  visibility: z.enum(VISIBILITIES),
};

/** `limit` and `cursor` of the pitch lists (`GET /v1/pitches`, `GET /v1/me/pitches`). */
export const pitchPageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional()
    .openapi({ description: "The `nextCursor` of the previous page, with the same query" }),
};
