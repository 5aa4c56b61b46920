import type { BuildProgress, ExportSink } from "./export_file_writer.ts";

/** A keyset-read row: its paging fields (`key`, `tie`) are not part of the record. */
export type KeysetRow = { key: string; tie: string } & Record<string, unknown>;

/** One part of a JSON export document: a value read once, or a list read in pages. */
export type JsonSection =
  | { name: string; value: () => Promise<unknown> }
  | { name: string; list: () => AsyncIterable<KeysetRow[]> };

// Names a credential column would have. Views name their columns one by one so none of these is
// read; this check makes a column added by a careless `select()` fail the build, not leak.
const SECRET_FIELD = /hash|digest|password|secret/i;

/**
 * Writes `{ ...header, <section>: ..., ... }` to `out`: each value as it is read, each list one
 * page at a time, an item per line, so only one page is ever in memory. Every item counts as a
 * row in `progress`. Throws before writing a record with a field named like a credential.
 */
export async function writeJsonDocument(
  out: ExportSink,
  progress: BuildProgress,
  header: Record<string, unknown>,
  sections: readonly JsonSection[],
): Promise<void> {
  const opening = JSON.stringify(header);
  await out.write(opening.slice(0, -1));
  let first = opening === "{}";
  for (const section of sections) {
    await out.write(`${first ? "" : ","}\n${JSON.stringify(section.name)}:`);
    first = false;
    if ("value" in section) {
      const value = await section.value();
      refuseSecrets(value, section.name);
      await out.write(JSON.stringify(value ?? null));
      continue;
    }
    await writeJsonList(out, progress, section.name, section.list());
  }
  await out.write("\n}\n");
}

/** Writes `pages` as one JSON array, an item per line, without the paging fields. */
export async function writeJsonList(
  out: ExportSink,
  progress: BuildProgress,
  name: string,
  pages: AsyncIterable<KeysetRow[]>,
): Promise<void> {
  let count = 0;
  await out.write("[");
  for await (const rows of pages) {
    const lines = rows.map(({ key: _key, tie: _tie, ...item }) => {
      refuseSecrets(item, name);
      return `${count++ === 0 ? "" : ","}\n${JSON.stringify(item)}`;
    });
    await out.write(lines.join(""));
  }
  progress.rows += count;
  await out.write(count === 0 ? "]" : "\n]");
}

function refuseSecrets(value: unknown, where: string): void {
  if (value === null || typeof value !== "object" || value instanceof Date) return;
  for (const [field, inner] of Object.entries(value)) {
    if (SECRET_FIELD.test(field)) {
      throw new Error(`Export section "${where}" has a credential field "${field}"; refusing it`);
    }
    refuseSecrets(inner, where);
  }
}
