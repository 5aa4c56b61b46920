import assert from "node:assert/strict";
import { CronSyntaxError, nextCronTime, parseCron } from "../../src/lib/cron.ts";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

/** The next `count` fire times after `from`, as ISO strings. */
function fires(expression: string, from: string, count = 3): string[] {
  const cron = parseCron(expression);
  const out: string[] = [];
  let t = at(from);
  for (let i = 0; i < count; i++) {
    t = nextCronTime(cron, t);
    out.push(iso(t));
  }
  return out;
}

Deno.test("parseCron reads each field into the values it matches", async (t) => {
  await t.step("* matches every value of the field", () => {
    const cron = parseCron("* * * * *");
    assert.equal(cron.minutes.size, 60);
    assert.equal(cron.hours.size, 24);
    assert.equal(cron.daysOfMonth.size, 31);
    assert.equal(cron.months.size, 12);
    assert.deepEqual([...cron.daysOfWeek].sort(), [0, 1, 2, 3, 4, 5, 6]);
  });

  await t.step("lists, ranges and steps combine in one field", () => {
    const cron = parseCron("0,30 1-3 */10 1-12/3 5/1");
    assert.deepEqual([...cron.minutes], [0, 30]);
    assert.deepEqual([...cron.hours], [1, 2, 3]);
    assert.deepEqual([...cron.daysOfMonth], [1, 11, 21, 31]);
    assert.deepEqual([...cron.months], [1, 4, 7, 10]);
    assert.deepEqual([...cron.daysOfWeek].sort(), [0, 5, 6], "5/1 runs 5-7 and 7 is Sunday");
  });

  await t.step("a number with a step runs from it to the end of the field", () => {
    assert.deepEqual([...parseCron("5/20 * * * *").minutes], [5, 25, 45]);
  });

  await t.step("7 and 0 are both Sunday", () => {
    assert.deepEqual([...parseCron("0 0 * * 7").daysOfWeek], [0]);
    assert.deepEqual([...parseCron("0 0 * * 0").daysOfWeek], [0]);
  });

  await t.step("extra whitespace between fields is allowed", () => {
    assert.deepEqual([...parseCron("  15   8 * *   1 ").hours], [8]);
  });

  await t.step("day fields record whether they were restricted", () => {
    const both = parseCron("0 0 1 * 1");
    assert.equal(both.dayOfMonthStar, false);
    assert.equal(both.dayOfWeekStar, false);
    const stepped = parseCron("0 0 */2 * *");
    assert.equal(stepped.dayOfMonthStar, true, "a field starting with * counts as unrestricted");
  });
});

Deno.test("parseCron rejects malformed expressions naming the field", async (t) => {
  const cases: Array<[string, RegExp]> = [
    ["", /expected 5 fields, got 0/],
    ["* * * *", /expected 5 fields, got 4/],
    ["* * * * * *", /expected 5 fields, got 6/],
    ["60 * * * *", /minute "60" is outside 0-59/],
    ["* 24 * * *", /hour "24" is outside 0-23/],
    ["* * 0 * *", /day of month "0" is outside 1-31/],
    ["* * * 13 *", /month "13" is outside 1-12/],
    ["* * * * 8", /day of week "8" is outside 0-7/],
    ["*/0 * * * *", /minute "\*\/0" has a step below 1/],
    ["5-1 * * * *", /minute "5-1" is a range that runs backwards/],
    ["MON * * * *", /minute "MON" is not/],
    ["1,,2 * * * *", /minute "1,,2" is not/],
    ["-1 * * * *", /minute "-1" is not/],
  ];
  for (const [expression, message] of cases) {
    await t.step(`"${expression}" is refused`, () => {
      assert.throws(() => parseCron(expression), (error: unknown) => {
        assert.ok(error instanceof CronSyntaxError, String(error));
        assert.match(error.message, new RegExp(`^Cron expression "${escape(expression)}"`));
        assert.match(error.message, message);
        return true;
      });
    });
  }
});

Deno.test("nextCronTime finds the next fire time in UTC", async (t) => {
  await t.step("every minute fires at the next whole minute, never at the same instant", () => {
    assert.deepEqual(fires("* * * * *", "2026-03-01T10:00:00.000Z"), [
      "2026-03-01T10:01:00.000Z",
      "2026-03-01T10:02:00.000Z",
      "2026-03-01T10:03:00.000Z",
    ]);
    assert.deepEqual(fires("* * * * *", "2026-03-01T10:00:59.999Z", 1), [
      "2026-03-01T10:01:00.000Z",
    ]);
  });

  await t.step("a daily time rolls over to the next day once passed", () => {
    assert.deepEqual(fires("30 2 * * *", "2026-03-01T02:30:00.000Z", 2), [
      "2026-03-02T02:30:00.000Z",
      "2026-03-03T02:30:00.000Z",
    ]);
  });

  await t.step("Monday 08:00 fires on Mondays only", () => {
    // 2026-03-04 is a Wednesday.
    assert.deepEqual(fires("0 8 * * 1", "2026-03-04T12:00:00.000Z", 2), [
      "2026-03-09T08:00:00.000Z",
      "2026-03-16T08:00:00.000Z",
    ]);
  });

  await t.step("steps in minutes and hours", () => {
    assert.deepEqual(fires("*/15 */6 * * *", "2026-03-01T05:50:00.000Z", 4), [
      "2026-03-01T06:00:00.000Z",
      "2026-03-01T06:15:00.000Z",
      "2026-03-01T06:30:00.000Z",
      "2026-03-01T06:45:00.000Z",
    ]);
  });

  await t.step("month ends and year ends roll over", () => {
    assert.deepEqual(fires("0 0 1 * *", "2026-12-15T00:00:00.000Z", 2), [
      "2027-01-01T00:00:00.000Z",
      "2027-02-01T00:00:00.000Z",
    ]);
    assert.deepEqual(fires("0 0 31 * *", "2026-01-31T00:00:00.000Z", 2), [
      "2026-03-31T00:00:00.000Z",
      "2026-05-31T00:00:00.000Z",
    ]);
  });

  await t.step("29 February waits for a leap year", () => {
    assert.deepEqual(fires("0 12 29 2 *", "2026-01-01T00:00:00.000Z", 2), [
      "2028-02-29T12:00:00.000Z",
      "2032-02-29T12:00:00.000Z",
    ]);
  });

  await t.step("restricted day of month and day of week fire on either", () => {
    // The 13th, or any Friday: 2026-03-06 and 2026-03-13 (a Friday too) and 2026-03-20.
    assert.deepEqual(fires("0 0 13 * 5", "2026-03-01T00:00:00.000Z", 3), [
      "2026-03-06T00:00:00.000Z",
      "2026-03-13T00:00:00.000Z",
      "2026-03-20T00:00:00.000Z",
    ]);
  });

  await t.step("a starred day of month with a step must match together with day of week", () => {
    // Odd days that are also Mondays: 2026-03-09 (Monday, odd) ... 2026-03-23.
    assert.deepEqual(fires("0 0 */2 * 1", "2026-03-01T00:00:00.000Z", 2), [
      "2026-03-09T00:00:00.000Z",
      "2026-03-23T00:00:00.000Z",
    ]);
  });

  await t.step("an expression that never fires is a RangeError", () => {
    assert.throws(() => nextCronTime(parseCron("0 0 31 2 *"), 0), /never fires/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
