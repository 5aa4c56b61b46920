import assert from "node:assert/strict";
import {
  SEARCH_BOUNDS,
  searchBoundsProblem,
  searchTerms,
} from "../../src/services/pitches/search_bounds.ts";

Deno.test("searchTerms counts words, not operators, quotes or punctuation", () => {
  assert.deepEqual(searchTerms('"night train" -heist OR Lisbon'), [
    "night",
    "train",
    "heist",
    "Lisbon",
  ]);
  assert.deepEqual(searchTerms("sci-fi, 1970s café"), ["sci", "fi", "1970s", "café"]);
  assert.deepEqual(searchTerms(' -- " or '), []);
});

Deno.test("searchBoundsProblem allows 8 terms of 40 characters and says what it expected", () => {
  assert.equal(SEARCH_BOUNDS.maxTerms, 8);
  assert.equal(searchBoundsProblem("one two three four five six seven eight"), undefined);
  assert.equal(searchBoundsProblem("a or b or c or d or e or f or g or h"), undefined);
  assert.equal(
    searchBoundsProblem("one two three four five six seven eight nine"),
    "Expected at most 8 search terms, got 9",
  );
  assert.equal(searchBoundsProblem("x".repeat(40)), undefined);
  assert.equal(
    searchBoundsProblem(`short ${"x".repeat(41)}`),
    `Expected search terms of at most 40 characters, got "${"x".repeat(20)}..." (41)`,
  );
  assert.equal(searchBoundsProblem("é".repeat(40)), undefined, "characters, not bytes");
});
