/**
 * Children of a labelled metric, found by label values through nested maps: recording into a
 * series that exists builds no key string and allocates nothing, so a hot path can record on every
 * call. At most three labels; a label set is created once, on first use.
 */
export class SeriesTree<C> {
  readonly #root = new Map<string, unknown>();
  readonly #all: Array<{ values: readonly string[]; child: C }> = [];
  #single: C | undefined;

  constructor(readonly labelNames: readonly string[], private readonly make: () => C) {
    if (labelNames.length > 3) throw new Error("A metric has at most 3 labels");
  }

  /** The child for these label values (as many as `labelNames`), created on first use. */
  at(a = "", b = "", c = ""): C {
    const arity = this.labelNames.length;
    if (arity === 0) return this.#single ??= this.#remember([]);
    if (arity === 1) return this.#leaf(this.#root, a, () => [a]);
    const second = this.#branch(this.#root, a);
    if (arity === 2) return this.#leaf(second, b, () => [a, b]);
    return this.#leaf(this.#branch(second, b), c, () => [a, b, c]);
  }

  /** Every child created so far, with its label values in `labelNames` order. */
  entries(): ReadonlyArray<{ values: readonly string[]; child: C }> {
    return this.#all;
  }

  #branch(map: Map<string, unknown>, key: string): Map<string, unknown> {
    let next = map.get(key) as Map<string, unknown> | undefined;
    if (next === undefined) map.set(key, next = new Map());
    return next;
  }

  #leaf(map: Map<string, unknown>, key: string, values: () => string[]): C {
    const found = map.get(key) as C | undefined;
    if (found !== undefined) return found;
    const child = this.#remember(values());
    map.set(key, child);
    return child;
  }

  #remember(values: string[]): C {
    const child = this.make();
    this.#all.push({ values, child });
    return child;
  }
}
