import { type MetricType, type Sample, writeFamily } from "./prometheus_text.ts";
import { SeriesTree } from "./series_tree.ts";

/** One counter series: only goes up (a process restart resets it, which Prometheus expects). */
export class CounterSeries {
  value = 0;
  inc(by = 1): void {
    this.value += by;
  }
}

/** One histogram series over fixed, ascending bucket bounds. */
export class HistogramSeries {
  /** Observations per bucket (not cumulative; the writer sums them), the last one `+Inf`. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }
  observe(value: number): void {
    let index = 0;
    while (index < this.bounds.length && value > this.bounds[index]!) index += 1;
    this.counts[index]! += 1;
    this.sum += value;
    this.count += 1;
  }
}

interface FamilySpec {
  name: string;
  help: string;
  labels?: readonly string[];
}

/**
 * A family whose samples are read when scraped: a gauge (a breaker's state, memory in use) or a
 * counter kept elsewhere (the process call counts of `timing.ts`).
 */
export interface CollectedSpec extends FamilySpec {
  type: "counter" | "gauge";
  collect: () => Iterable<{ values: readonly string[]; value: number }>;
}

interface Family {
  name: string;
  help: string;
  type: MetricType;
  samples: () => Iterable<Sample>;
}

/**
 * An in-memory metric registry. Families are declared once, at module load; recording is a map
 * walk to an existing series plus an addition. `write` renders every family as Prometheus text.
 */
export class MetricRegistry {
  readonly #families: Family[] = [];

  counter(spec: FamilySpec): SeriesTree<CounterSeries> {
    const tree = new SeriesTree(spec.labels ?? [], () => new CounterSeries());
    this.#add(spec, "counter", function* () {
      for (const { values, child } of tree.entries()) {
        yield { labels: pairs(tree.labelNames, values), value: child.value };
      }
    });
    return tree;
  }

  histogram(spec: FamilySpec & { buckets: readonly number[] }): SeriesTree<HistogramSeries> {
    const bounds = [...spec.buckets].sort((a, b) => a - b);
    const tree = new SeriesTree(spec.labels ?? [], () => new HistogramSeries(bounds));
    this.#add(spec, "histogram", function* () {
      for (const { values, child } of tree.entries()) {
        const labels = pairs(tree.labelNames, values);
        let cumulative = 0;
        for (const [index, bound] of [...bounds, Infinity].entries()) {
          cumulative += child.counts[index]!;
          const le = bound === Infinity ? "+Inf" : String(bound);
          yield { suffix: "_bucket", labels: [...labels, ["le", le] as const], value: cumulative };
        }
        yield { suffix: "_sum", labels, value: child.sum };
        yield { suffix: "_count", labels, value: child.count };
      }
    });
    return tree;
  }

  collected(spec: CollectedSpec): void {
    const names = spec.labels ?? [];
    this.#add(spec, spec.type, function* () {
      for (const { values, value } of spec.collect()) {
        yield { labels: pairs(names, values), value };
      }
    });
  }

  /** Appends every family to `lines`, in declaration order. */
  write(lines: string[]): void {
    for (const family of this.#families) {
      writeFamily(lines, { ...family, samples: family.samples() });
    }
  }

  #add(spec: FamilySpec, type: MetricType, samples: () => Iterable<Sample>): void {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(spec.name)) {
      throw new Error(`Metric name "${spec.name}" is not a valid Prometheus name`);
    }
    if (this.#families.some((family) => family.name === spec.name)) {
      throw new Error(`Metric "${spec.name}" is declared twice`);
    }
    this.#families.push({ name: spec.name, help: spec.help, type, samples });
  }
}

function pairs(names: readonly string[], values: readonly string[]) {
  return names.map((name, index) => [name, values[index] ?? ""] as const);
}
