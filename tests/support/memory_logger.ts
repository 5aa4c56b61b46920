import { createJsonLogger } from "../../src/adapters/logger/json_logger.ts";
import type { Logger, LogLevel } from "../../src/ports/logger.ts";

/** The production JSON logger writing into an array, so tests can read what would be logged. */
export function createMemoryLogger(
  level: LogLevel = "debug",
): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createJsonLogger({ level, write: (line) => lines.push(JSON.parse(line)) });
  return Object.assign(logger, { lines });
}
