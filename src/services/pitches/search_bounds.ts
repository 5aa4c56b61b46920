/**
 * How much work one search may ask of the database. A search term is one GIN key to look up and
 * intersect, and ranking costs a detoast and a `ts_rank_cd` per row, so both are bounded: a query
 * with more terms, or a longer term, is refused (422) rather than cut, so a client never gets
 * results for a query it did not send; and a search sorts (ranks) at most `candidates` matches
 * (see `searchCandidates`).
 */
export const SEARCH_BOUNDS = {
  /** Words in `q`; the web-search operators (`or`, `-`, quotes) are not words. */
  maxTerms: 8,
  /** Characters in one word: longer than any dictionary word, shorter than any real abuse. */
  maxTermLength: 40,
  /** Matches a search sorts and pages through: the newest ones first (see `searchCandidates`). */
  candidates: 500,
  /**
   * The most recently published listed pitches in which the newest matches are looked for; a
   * search reads at most this many rows to find them. 10x `candidates`: a word in one pitch of
   * ten fills the candidates from it.
   */
  recentWindow: 5_000,
} as const;

/**
 * The words of a search as the bounds count them: runs of letters, marks and digits, which is
 * how Postgres's parser splits text into words too (`sci-fi` is two, plus the compound). The
 * `or` operator of `websearch_to_tsquery` is not a word.
 */
export function searchTerms(q: string): string[] {
  return (q.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).filter((word) => word.toLowerCase() !== "or");
}

/** Why `q` exceeds the bounds, as a validation message; undefined when it is within them. */
export function searchBoundsProblem(q: string): string | undefined {
  const terms = searchTerms(q);
  if (terms.length > SEARCH_BOUNDS.maxTerms) {
    return `Expected at most ${SEARCH_BOUNDS.maxTerms} search terms, got ${terms.length}`;
  }
  const long = terms.find((term) => [...term].length > SEARCH_BOUNDS.maxTermLength);
  if (long !== undefined) {
    return `Expected search terms of at most ${SEARCH_BOUNDS.maxTermLength} characters, ` +
      `got "${[...long].slice(0, 20).join("")}..." (${[...long].length})`;
  }
  return undefined;
}
