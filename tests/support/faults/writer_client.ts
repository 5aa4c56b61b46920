import type { Ledger } from "./ledger.ts";
import type { Op } from "./load.ts";

/** How a client sends one request and records its outcome (see `runLoad`). */
export type Call = (
  op: Op,
  path: string,
  init?: RequestInit,
) => Promise<{ status: number; body: Record<string, unknown> | undefined }>;

/**
 * A writer creates a pitch, publishes it (retrying the publish until it is acknowledged), and
 * every third step renames one of its published pitches. Only 2xx answers enter the ledger.
 */
export function writerStep(writer: { token: string; userId: string }, call: Call, ledger: Ledger) {
  const unpublished: string[] = [];
  const published: string[] = [];
  const auth = { authorization: `Bearer ${writer.token}` };
  const headers = { ...auth, "content-type": "application/json" };
  let n = 0;
  return async (i: number): Promise<number> => {
    const pending = unpublished[0];
    if (pending !== undefined) {
      const { status } = await call("publish", `/v1/pitches/${pending}/publish`, {
        method: "POST",
        headers: auth,
      });
      if (status === 200) {
        ledger.published.add(pending);
        published.push(unpublished.shift()!);
      }
      return status;
    }
    if (i % 3 === 2 && published.length > 0) {
      const id = published[Math.floor(Math.random() * published.length)]!;
      const title = `Renamed ${crypto.randomUUID().slice(0, 8)}`;
      const { status, body } = await call("edit", `/v1/pitches/${id}`, {
        method: "PATCH",
        headers,
        body: JSON.stringify({ title }),
      });
      if (status === 200) ledger.edited.push({ id, version: Number(body?.version) });
      return status;
    }
    n += 1;
    const title = `Fault load ${writer.userId.slice(-6)} ${n} ${crypto.randomUUID().slice(0, 6)}`;
    const { status, body } = await call("create", "/v1/pitches", {
      method: "POST",
      headers,
      body: JSON.stringify({
        title,
        logline: "A pitch written while the suite breaks things",
        genre: "thriller",
        format: "feature",
        tags: ["faults"],
        visibility: "public",
      }),
    });
    if (status === 201 && typeof body?.id === "string") {
      ledger.created.set(body.id, { ownerId: writer.userId, title });
      unpublished.push(body.id);
    }
    return status;
  };
}
