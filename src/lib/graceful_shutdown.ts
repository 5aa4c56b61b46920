/** The part of a logger shutdown writes to (the Logger port's shape; lib imports no port). */
interface ShutdownLog {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface GracefulShutdownOptions {
  /** Stops accepting connections and resolves when the requests in flight are answered. */
  stopServer: () => Promise<void>;
  /** Everything after the last request: flushes, relays, closes. */
  close: () => Promise<void>;
  logger: ShutdownLog;
  /** The whole shutdown's budget; past it the process exits with code 1, work unfinished. */
  deadlineMs: number;
  exit: (code: number) => void;
}

/**
 * Returns the signal handler: stop the server, then `close`, then `exit(0)`, all inside
 * `deadlineMs`, else a log line and `exit(1)`. A second signal while stopping changes nothing.
 */
export function createGracefulShutdown(
  options: GracefulShutdownOptions,
): (signal: string) => Promise<void> {
  const { logger, deadlineMs } = options;
  let stopping = false;
  return async (signal) => {
    if (stopping) return;
    stopping = true;
    const started = performance.now();
    logger.info("Shutting down", { signal, deadlineMs });
    const deadline = setTimeout(() => {
      logger.error("Shutdown deadline exceeded; exiting with work unfinished", { deadlineMs });
      options.exit(1);
    }, deadlineMs);
    try {
      await options.stopServer();
      await options.close();
    } catch (error) {
      clearTimeout(deadline);
      logger.error("Shutdown failed", { error });
      options.exit(1);
      return;
    }
    clearTimeout(deadline);
    logger.info("Shut down", { durationMs: Math.round(performance.now() - started) });
    options.exit(0);
  };
}
