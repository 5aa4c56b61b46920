/**
 * Five-field cron expressions (minute, hour, day of month, month, day of week), evaluated in UTC
 * as QStash does. Each field takes `*`, numbers, lists (`1,15`), ranges (`1-5`) and steps (`*\/15`,
 * `0-30/10`, `5/15` = from 5 to the field's end). Day of week runs 0-7, both 0 and 7 Sunday. As in
 * Vixie cron, when both day fields are restricted (neither starts with `*`) a day matching either
 * fires; otherwise both must match. No names (`MON`, `JAN`) and no seconds.
 */
export interface CronExpression {
  readonly source: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 (Sunday) to 6; a 7 in the source is stored as 0. */
  readonly daysOfWeek: ReadonlySet<number>;
  /** Whether the day fields were restricted, which decides how they combine. */
  readonly dayOfMonthStar: boolean;
  readonly dayOfWeekStar: boolean;
}

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

/** Thrown for an expression that does not parse, naming the expression and the field. */
export class CronSyntaxError extends Error {
  constructor(source: string, detail: string) {
    super(`Cron expression "${source}" is invalid: ${detail}`);
    this.name = "CronSyntaxError";
  }
}

/** Parses a five-field expression; throws `CronSyntaxError` saying which field is wrong. */
export function parseCron(source: string): CronExpression {
  const parts = source.trim().split(/\s+/);
  if (parts.length !== 5 || parts[0] === "") {
    throw new CronSyntaxError(
      source,
      `expected 5 fields, got ${parts[0] === "" ? 0 : parts.length}`,
    );
  }
  const sets = parts.map((part, i) => parseField(source, part, FIELDS[i]!));
  const daysOfWeek = new Set([...sets[4]!].map((d) => d % 7));
  return {
    source,
    minutes: sets[0]!,
    hours: sets[1]!,
    daysOfMonth: sets[2]!,
    months: sets[3]!,
    daysOfWeek,
    dayOfMonthStar: parts[2]!.startsWith("*"),
    dayOfWeekStar: parts[4]!.startsWith("*"),
  };
}

function parseField(
  source: string,
  text: string,
  field: { name: string; min: number; max: number },
): Set<number> {
  const values = new Set<number>();
  const fail = (why: string): never => {
    throw new CronSyntaxError(source, `${field.name} "${text}" ${why}`);
  };
  for (const item of text.split(",")) {
    const match = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(item);
    if (!match) fail(`is not "*", a number, a range or a step`);
    const [, range, stepText] = match!;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) fail("has a step below 1");
    let from = field.min;
    let to = field.max;
    if (range !== "*") {
      const [a, b] = range!.split("-").map(Number) as [number, number | undefined];
      from = a;
      // `5/15` runs from 5 to the end of the field, like `5-59/15`.
      to = b ?? (stepText === undefined ? a : field.max);
    }
    if (from < field.min || to > field.max) {
      fail(`is outside ${field.min}-${field.max}`);
    }
    if (from > to) fail("is a range that runs backwards");
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

const MINUTE_MS = 60_000;
/** Far enough for any valid expression (29 February can be 8 years away); none fires later. */
const SEARCH_YEARS = 9;

/**
 * The first time strictly after `afterMs` (epoch ms) the expression fires, at a whole minute.
 * Throws a `RangeError` for an expression that never fires (`0 0 31 2 *`).
 */
export function nextCronTime(cron: CronExpression, afterMs: number): number {
  let t = Math.floor(afterMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const limit = Date.UTC(new Date(t).getUTCFullYear() + SEARCH_YEARS, 0, 1);
  while (t < limit) {
    const d = new Date(t);
    const [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
    // Skip whole months, days and hours that cannot match before trying minutes.
    if (!cron.months.has(month + 1)) {
      t = Date.UTC(year, month + 1, 1);
    } else if (!dayMatches(cron, d)) {
      t = Date.UTC(year, month, day + 1);
    } else if (!cron.hours.has(d.getUTCHours())) {
      t = Date.UTC(year, month, day, d.getUTCHours() + 1);
    } else if (!cron.minutes.has(d.getUTCMinutes())) {
      t += MINUTE_MS;
    } else {
      return t;
    }
  }
  throw new RangeError(`Cron expression "${cron.source}" never fires`);
}

function dayMatches(cron: CronExpression, d: Date): boolean {
  const byMonth = cron.daysOfMonth.has(d.getUTCDate());
  const byWeek = cron.daysOfWeek.has(d.getUTCDay());
  if (!cron.dayOfMonthStar && !cron.dayOfWeekStar) return byMonth || byWeek;
  return byMonth && byWeek;
}
