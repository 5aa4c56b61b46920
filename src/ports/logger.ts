/** Structured fields attached to a log line. Never put secrets, tokens or request bodies here. */
export type LogFields = Record<string, unknown>;

export type LogLevel = "debug" | "info" | "warn" | "error";

/**
 * Writes one structured line per call; implementations decide the sink and the level filter. A
 * logger may hold lines briefly (the JSON logger batches them): `flush` writes them out, and the
 * shutdown calls it last, so nothing logged before exit is lost.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  flush?(): void;
}
