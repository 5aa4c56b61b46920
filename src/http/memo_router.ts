import type { Result, Router } from "hono/router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";

/** Paths remembered; a hot path is asked for again long before this many others pass. */
export const MEMO_ROUTER_ENTRIES = 1_024;
/** Longer paths are matched every time, so the memo holds at most about 300 KiB of keys. */
const MAX_MEMO_PATH = 256;

/**
 * Hono's router with the last `entries` matches remembered by method and path. The app's routes
 * make Hono fall back from its RegExpRouter to the TrieRouter (a static segment next to a
 * parameter, as in `/jobs/_failed` and `/jobs/:name`, is beyond the former), whose search walks the
 * tree and builds its parameter objects on every request; the hot reads ask for the same few paths
 * again and again. A match is a pure function of method and path once every route is added (Hono
 * adds them all before the first request, and refuses a route after it), and nothing changes a
 * result it is handed, so one result serves every request for its path. Bounded: the oldest entry
 * goes first (a flood of distinct paths costs each request one insert and one delete, and keeps
 * nothing).
 */
export class MemoRouter<T> implements Router<T> {
  name = "MemoRouter";
  readonly #inner: Router<T>;
  readonly #entries: number;
  readonly #memo = new Map<string, Result<T>>();

  constructor(
    inner: Router<T> = new SmartRouter<T>({ routers: [new RegExpRouter(), new TrieRouter()] }),
    entries = MEMO_ROUTER_ENTRIES,
  ) {
    this.#inner = inner;
    this.#entries = entries;
  }

  add(method: string, path: string, handler: T): void {
    this.#memo.clear();
    this.#inner.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    if (path.length > MAX_MEMO_PATH) return this.#inner.match(method, path);
    const key = method + " " + path;
    const known = this.#memo.get(key);
    if (known !== undefined) return known;
    const result = this.#inner.match(method, path);
    if (this.#memo.size >= this.#entries) this.#memo.delete(this.#memo.keys().next().value!);
    this.#memo.set(key, result);
    return result;
  }

  /** Matches remembered now (for tests). */
  get size(): number {
    return this.#memo.size;
  }
}
