import assert from "node:assert/strict";
import { jsonRequest } from "./accounts.ts";
import type { Harness } from "./harness.ts";

export interface TestPitch {
  id: string;
  ownerId: string;
  title: string;
  status: string;
  visibility: string;
  version: number;
}

/** The members of a Pitch in API responses, sorted: compare with `Object.keys(pitch).sort()`. */
export const PITCH_FIELDS: readonly string[] = [
  "budgetRange",
  "createdAt",
  "deckUrl",
  "format",
  "genre",
  "id",
  "logline",
  "ownerId",
  "publishedAt",
  "saveCount",
  "status",
  "synopsis",
  "tags",
  "title",
  "updatedAt",
  "version",
  "viewCount",
  "visibility",
].sort();

let counter = 0;

/** Valid create input with unique text; override any field. */
export function randomPitch(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    title: `Pitch ${counter} ${crypto.randomUUID().slice(0, 6)}`,
    logline: `A logline for pitch ${counter}`,
    synopsis: `The synopsis of pitch ${counter}.`,
    genre: "drama",
    format: "feature",
    tags: ["indie"],
    visibility: "public",
    ...overrides,
  };
}

/**
 * Creates a pitch through the API as the owner of `token`, and publishes it unless `publish` is
 * false. Fails the test with the response body when the API refuses.
 */
export async function createPitch(
  h: Harness,
  token: string,
  overrides: Record<string, unknown> = {},
  options: { publish?: boolean } = {},
): Promise<TestPitch> {
  const created = await h.app.request(
    "/v1/pitches",
    jsonRequest("POST", randomPitch(overrides), token),
  );
  const text = await created.text();
  assert.equal(created.status, 201, `create failed: ${text}`);
  let pitch = JSON.parse(text) as TestPitch;
  if (options.publish !== false) {
    const published = await h.app.request(
      `/v1/pitches/${pitch.id}/publish`,
      jsonRequest("POST", undefined, token),
    );
    const body = await published.text();
    assert.equal(published.status, 200, `publish failed: ${body}`);
    pitch = JSON.parse(body) as TestPitch;
  }
  return pitch;
}
