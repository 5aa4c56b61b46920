import assert from "node:assert/strict";
import type { BuildProgress } from "../../src/services/exports/export_file_writer.ts";
import { type KeysetRow, writeJsonDocument } from "../../src/services/exports/json_lists.ts";

function sink() {
  const parts: string[] = [];
  return { parts, out: { write: (text: string) => Promise.resolve(void parts.push(text)) } };
}

async function* pages(...batches: KeysetRow[][]): AsyncGenerator<KeysetRow[]> {
  for (const batch of batches) yield batch;
}

const row = (n: number, extra: Record<string, unknown> = {}): KeysetRow => ({
  key: String(n),
  tie: `id_${n}`,
  id: `id_${n}`,
  ...extra,
});

Deno.test("writeJsonDocument", async (t) => {
  await t.step("writes one parseable document, page by page, without paging fields", async () => {
    const { parts, out } = sink();
    const progress: BuildProgress = { rows: 0, batches: 0 };
    await writeJsonDocument(out, progress, { kind: "test" }, [
      { name: "empty", list: () => pages() },
      { name: "one", value: () => Promise.resolve({ at: new Date(0) }) },
      { name: "items", list: () => pages([row(1), row(2)], [row(3)]) },
    ]);
    assert.deepEqual(JSON.parse(parts.join("")), {
      kind: "test",
      empty: [],
      one: { at: "1970-01-01T00:00:00.000Z" },
      items: [{ id: "id_1" }, { id: "id_2" }, { id: "id_3" }],
    });
    assert.equal(progress.rows, 3);
    assert.ok(parts.length >= 4, "written in pieces, not as one string");
  });

  await t.step("refuses a record with a field named like a credential", async () => {
    for (const field of ["passwordHash", "tokenHash", "keyHash", "secret", "tokenDigest"]) {
      const { out } = sink();
      const progress: BuildProgress = { rows: 0, batches: 0 };
      await assert.rejects(
        writeJsonDocument(out, progress, {}, [
          { name: "items", list: () => pages([row(1, { [field]: "x" })]) },
        ]),
        new RegExp(`section "items" has a credential field "${field}"`),
      );
      await assert.rejects(
        writeJsonDocument(out, progress, {}, [
          { name: "account", value: () => Promise.resolve({ nested: { [field]: "x" } }) },
        ]),
        /credential field/,
      );
    }
  });
});
