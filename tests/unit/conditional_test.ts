import assert from "node:assert/strict";
import { ifMatchHolds, ifNoneMatchHit, parseEntityTags } from "../../src/http/conditional.ts";

const ETAG = '"pit_a.v3"';

Deno.test("parseEntityTags", async (t) => {
  await t.step("reads a star, with or without spaces", () => {
    assert.equal(parseEntityTags("*"), "*");
    assert.equal(parseEntityTags("  * "), "*");
  });

  await t.step("reads a list of strong and weak tags", () => {
    assert.deepEqual(parseEntityTags('"a", W/"b" ,"c"'), [
      { weak: false, opaque: '"a"' },
      { weak: true, opaque: '"b"' },
      { weak: false, opaque: '"c"' },
    ]);
  });

  await t.step("keeps a comma inside quotes as part of the tag", () => {
    assert.deepEqual(parseEntityTags('"a,b", "c"'), [
      { weak: false, opaque: '"a,b"' },
      { weak: false, opaque: '"c"' },
    ]);
  });

  await t.step("accepts the empty tag and skips empty list members", () => {
    assert.deepEqual(parseEntityTags(' , "", ,'), [{ weak: false, opaque: '""' }]);
  });

  await t.step("skips malformed members and keeps the valid ones", () => {
    assert.deepEqual(parseEntityTags('abc, "ok", w/"lower", "unterminated'), [
      { weak: false, opaque: '"ok"' },
    ]);
    assert.deepEqual(parseEntityTags('"a" "b", "c"'), [{ weak: false, opaque: '"c"' }]);
    assert.deepEqual(parseEntityTags('"sp ace"'), [], "a space is not an etagc");
  });

  await t.step("a star inside a list is not a wildcard", () => {
    assert.deepEqual(parseEntityTags('*, "a"'), [{ weak: false, opaque: '"a"' }]);
  });
});

Deno.test("ifNoneMatchHit uses the weak comparison", async (t) => {
  await t.step("an absent header never matches", () => {
    assert.equal(ifNoneMatchHit(undefined, ETAG), false);
  });

  await t.step("the same tag, weak or strong, matches", () => {
    assert.equal(ifNoneMatchHit(ETAG, ETAG), true);
    assert.equal(ifNoneMatchHit(`W/${ETAG}`, ETAG), true);
  });

  await t.step("any member of a list may match", () => {
    assert.equal(ifNoneMatchHit(`"pit_a.v1", ${ETAG}`, ETAG), true);
    assert.equal(ifNoneMatchHit('"pit_a.v1", "pit_a.v2"', ETAG), false);
  });

  await t.step("a star matches any current representation", () => {
    assert.equal(ifNoneMatchHit("*", ETAG), true);
  });

  await t.step("garbage matches nothing", () => {
    assert.equal(ifNoneMatchHit("pit_a.v3", ETAG), false);
    assert.equal(ifNoneMatchHit("", ETAG), false);
  });
});

Deno.test("ifMatchHolds uses the strong comparison", async (t) => {
  await t.step("the same strong tag holds, alone or in a list", () => {
    assert.equal(ifMatchHolds(ETAG, ETAG), true);
    assert.equal(ifMatchHolds(`"x", ${ETAG}`, ETAG), true);
  });

  await t.step("a weak tag never holds, even with the same opaque value", () => {
    assert.equal(ifMatchHolds(`W/${ETAG}`, ETAG), false);
    assert.equal(ifMatchHolds(ETAG, `W/${ETAG}`), false);
  });

  await t.step("a star holds for any current representation", () => {
    assert.equal(ifMatchHolds("*", ETAG), true);
  });

  await t.step("another version or garbage fails", () => {
    assert.equal(ifMatchHolds('"pit_a.v2"', ETAG), false);
    assert.equal(ifMatchHolds("pit_a.v3", ETAG), false);
    assert.equal(ifMatchHolds("", ETAG), false);
  });
});
