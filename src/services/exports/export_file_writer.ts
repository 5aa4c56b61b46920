import type { Ctx } from "../../context.ts";
import { exportChunks } from "../../db/tables/exports.ts";

/**
 * Size a chunk reaches before it is written. Big enough that a file of a few MB is a few dozen
 * inserts; small enough that neither a build nor a download holds more than this of a file.
 */
export const EXPORT_CHUNK_BYTES = 64 * 1024;

/** Appends text to an export file; what the report writers see. */
export interface ExportSink {
  write(text: string): Promise<void>;
}

/** Counts what a build did, for its log line and the tests that prove it works in batches. */
export interface BuildProgress {
  /** Records written (CSV lines, JSON list items). */
  rows: number;
  /** Row reads from the database, one per keyset page. */
  batches: number;
}

export interface ExportFileWriter extends ExportSink {
  /** Writes what is still buffered; the totals of the whole file. */
  finish(): Promise<{ chunks: number; bytes: number }>;
}

/**
 * Opens the file of one build of an export: text is UTF-8 encoded and buffered, and each time the
 * buffer reaches `chunkBytes` it is inserted as the next `export_chunks` row: the file leaves
 * the process as it is written. (The rows belong to the caller's transaction, if any.)
 */
export function openExportFile(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock">;
    input: { exportId: string; buildId: string; chunkBytes?: number };
  },
): ExportFileWriter {
  const { exportId, buildId, chunkBytes = EXPORT_CHUNK_BYTES } = input;
  const encoder = new TextEncoder();
  let parts: Uint8Array[] = [];
  let buffered = 0;
  let chunks = 0;
  let bytes = 0;

  const flush = async () => {
    if (buffered === 0) return;
    const chunk = new Uint8Array(buffered);
    let offset = 0;
    for (const part of parts) {
      chunk.set(part, offset);
      offset += part.byteLength;
    }
    parts = [];
    buffered = 0;
    await ctx.db.insert(exportChunks).values({
      exportId,
      buildId,
      seq: chunks,
      bytes: chunk,
      // The retention job ages stray chunks by this, on the same clock as everything else.
      createdAt: new Date(ctx.clock.now()),
    });
    chunks += 1;
    bytes += chunk.byteLength;
  };

  return {
    async write(text) {
      const part = encoder.encode(text);
      parts.push(part);
      buffered += part.byteLength;
      if (buffered >= chunkBytes) await flush();
    },
    async finish() {
      await flush();
      return { chunks, bytes };
    },
  };
}
