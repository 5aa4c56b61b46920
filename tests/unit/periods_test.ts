import assert from "node:assert/strict";
import { metricPeriod, periodAt } from "../../src/services/billing/periods.ts";

const iso = (ms: number) => new Date(ms).toISOString();

Deno.test("periodAt", async (t) => {
  await t.step("a day starts at UTC midnight and resets at the next one", () => {
    const p = periodAt("day", Date.UTC(2026, 4, 17, 23, 59, 59, 999));
    assert.equal(iso(p.start), "2026-05-17T00:00:00.000Z");
    assert.equal(iso(p.resetsAt), "2026-05-18T00:00:00.000Z");
  });

  await t.step("midnight itself belongs to the day it starts", () => {
    const p = periodAt("day", Date.UTC(2026, 4, 18));
    assert.equal(iso(p.start), "2026-05-18T00:00:00.000Z");
  });

  await t.step("the last day of a month resets on the first of the next", () => {
    assert.equal(
      iso(periodAt("day", Date.UTC(2026, 0, 31, 12)).resetsAt),
      "2026-02-01T00:00:00.000Z",
    );
    assert.equal(
      iso(periodAt("day", Date.UTC(2028, 1, 29, 1)).resetsAt),
      "2028-03-01T00:00:00.000Z",
    );
  });

  await t.step("December 31 resets on January 1 of the next year", () => {
    const p = periodAt("day", Date.UTC(2026, 11, 31, 18));
    assert.equal(iso(p.start), "2026-12-31T00:00:00.000Z");
    assert.equal(iso(p.resetsAt), "2027-01-01T00:00:00.000Z");
  });

  await t.step("a month starts on the first and resets on the next first", () => {
    const p = periodAt("month", Date.UTC(2026, 1, 28, 23, 59));
    assert.equal(iso(p.start), "2026-02-01T00:00:00.000Z");
    assert.equal(iso(p.resetsAt), "2026-03-01T00:00:00.000Z");
  });

  await t.step("December's month resets in January of the next year", () => {
    const p = periodAt("month", Date.UTC(2026, 11, 15));
    assert.equal(iso(p.start), "2026-12-01T00:00:00.000Z");
    assert.equal(iso(p.resetsAt), "2027-01-01T00:00:00.000Z");
  });

  await t.step("the first instant of a month is in that month, the one before is not", () => {
    const first = Date.UTC(2026, 6, 1);
    assert.equal(iso(periodAt("month", first).start), "2026-07-01T00:00:00.000Z");
    assert.equal(iso(periodAt("month", first - 1).start), "2026-06-01T00:00:00.000Z");
  });
});

Deno.test("metricPeriod uses each metric's own unit", () => {
  const at = Date.UTC(2026, 2, 10, 8);
  assert.equal(iso(metricPeriod("boosts", at).resetsAt), "2026-03-11T00:00:00.000Z");
  assert.equal(iso(metricPeriod("pitch-views", at).resetsAt), "2026-04-01T00:00:00.000Z");
  assert.equal(iso(metricPeriod("exports", at).start), "2026-03-01T00:00:00.000Z");
});
