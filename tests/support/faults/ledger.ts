// @ts-types="npm:@types/pg@8.15.6"
import pg from "pg";

/**
 * The client-side record of writes the API acknowledged with a 2xx, Jepsen-style: after the faults
 * and the recovery, each of them must be in the database. Writes answered otherwise (503, a
 * timeout) are indeterminate and not checked: they may or may not have happened.
 */
export interface Ledger {
  /** Pitch id -> owner and title as created (201). */
  created: Map<string, { ownerId: string; title: string }>;
  /** Pitches whose publish was answered 200. */
  published: Set<string>;
  /** Renames answered 200, with the version the answer carried. */
  edited: Array<{ id: string; version: number }>;
}

export function newLedger(): Ledger {
  return { created: new Map(), published: new Set(), edited: [] };
}

export function acknowledgedWrites(ledger: Ledger): number {
  return ledger.created.size + ledger.published.size + ledger.edited.length;
}

/**
 * Checks every acknowledged write against the database (plain SQL on its own connection) and
 * returns one line per write that is missing: a pitch that is not there (or not its owner's), a
 * publish that is not published, an edit whose version is not reached.
 */
export async function missingWrites(databaseUrl: string, ledger: Ledger): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = [...new Set([...ledger.created.keys(), ...ledger.edited.map((e) => e.id)])];
    const { rows } = await client.query<
      { id: string; owner_id: string; status: string; version: number }
    >(
      "select id, owner_id, status, version from pitches where id = any($1) and deleted_at is null",
      [ids],
    );
    const found = new Map(rows.map((row) => [row.id, row]));
    const missing: string[] = [];
    for (const [id, { ownerId }] of ledger.created) {
      const row = found.get(id);
      if (!row || row.owner_id !== ownerId) missing.push(`created pitch "${id}" is not there`);
    }
    for (const id of ledger.published) {
      const status = found.get(id)?.status;
      if (status !== "published") missing.push(`published pitch "${id}" is "${status}"`);
    }
    for (const { id, version } of ledger.edited) {
      const row = found.get(id);
      if (!row || !(row.version >= version)) {
        missing.push(`edit of "${id}" to version ${version} is not there (${row?.version})`);
      }
    }
    return missing;
  } finally {
    await client.end();
  }
}

/**
 * The same check through the API once it has recovered: every acknowledged publish must be
 * readable anonymously (the shared cache included). Returns the ids that are not.
 */
export async function unreadablePublished(url: string, ledger: Ledger): Promise<string[]> {
  const ids = [...ledger.published];
  const unreadable: string[] = [];
  for (let i = 0; i < ids.length; i += 16) {
    await Promise.all(
      ids.slice(i, i + 16).map(async (id) => {
        const status = await fetch(`${url}/v1/pitches/${id}`).then(
          async (response) => (await response.body?.cancel(), response.status),
          (error) => String(error),
        );
        if (status !== 200) unreadable.push(`${id} (${status})`);
      }),
    );
  }
  return unreadable;
}
