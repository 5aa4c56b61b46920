import type { LogFields, Logger, LogLevel } from "../../ports/logger.ts";
import { createBatchedLineSink } from "./batched_line_sink.ts";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * drizzle's query errors append the bound values ("params: a@b.c,9f2e..."): emails, token
 * digests. Wherever such a message ends up (a message, a stack, a cause), the values go.
 */
const QUERY_PARAMS = /(^|\n)(\s*)params: [^\n]*/g;

/**
 * Field names whose values are never written, whatever a caller passes. `pass` only as a whole
 * word or in password/passphrase/passwd: a count named `passes` is no secret.
 */
const REDACTED =
  /(^|[-_])pass($|[-_])|passw(or)?d|passphrase|secret|token|authorization|cookie|api[-_]?key|signature/i;

/**
 * One JSON object per line on stdout (stderr for errors): what Deno Deploy's log viewer and any log
 * shipper parse. `base` fields (region, service) are added to every line. Without `write`, lines
 * are batched (`createBatchedLineSink`): `flush()` writes what is held, and shutdown calls it.
 */
export function createJsonLogger(options: {
  level: LogLevel;
  base?: LogFields;
  write?: (line: string, level: LogLevel) => void;
}): Logger & { flush(): void } {
  const min = RANK[options.level];
  const sink = options.write ? undefined : createBatchedLineSink();
  const write = options.write ?? sink!.write;
  const redactedKeys = new Map<string, boolean>();
  const needsRedaction = (key: string) => {
    let redacted = redactedKeys.get(key);
    if (redacted === undefined) {
      redacted = REDACTED.test(key);
      // Field names are a small fixed set in practice; a caller inventing names must not grow it.
      if (redactedKeys.size < 1000) redactedKeys.set(key, redacted);
    }
    return redacted;
  };
  const emit = (level: LogLevel, message: string, fields?: LogFields) => {
    if (RANK[level] < min) return;
    const record = { time: isoNow(), level, message, ...options.base, ...fields };
    write(
      isPlain(record, needsRedaction) ? JSON.stringify(record) : JSON.stringify(record, redact),
      level,
    );
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    flush: () => sink?.flush(),
  };
}

/**
 * Whether `redact` would change nothing: flat records of numbers, booleans and strings without
 * query parameters under names that are not redacted (every request line). Calling a replacer
 * for every value costs more than this one look.
 */
// Under load many lines share a millisecond: the timestamp text is built once per millisecond.
let lastMs = -1;
let lastIso = "";

function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

function isPlain(record: Record<string, unknown>, needsRedaction: (key: string) => boolean) {
  for (const key in record) {
    const value = record[key];
    if (value === undefined || value === null) continue;
    const type = typeof value;
    if (type === "object" || type === "function") return false;
    if (type === "string" && (value as string).includes("params: ")) return false;
    if (needsRedaction(key)) return false;
  }
  return true;
}

function redact(key: string, value: unknown): unknown {
  if (key !== "" && REDACTED.test(key) && value !== undefined && value !== null) {
    return "[redacted]";
  }
  if (value instanceof Error) return { name: value.name, message: withoutParams(value.message) };
  if (typeof value === "string") return withoutParams(value);
  return value;
}

/** A text with the bound values of any failed query in it replaced. */
export function withoutParams(text: string): string {
  return text.includes("params: ") ? text.replace(QUERY_PARAMS, "$1$2params: [redacted]") : text;
}
