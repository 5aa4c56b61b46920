/**
 * Self time per function in a V8 `.cpuprofile` (what `deno run --cpu-prof` writes), the top N by
 * share of all samples, with the package or file each function lives in. Also the share per
 * package/file, which is where a hot path's microseconds go at a glance, and the inclusive (total)
 * time of the project's own functions (`src/`), each counted once per sample however deep.
 *
 *   deno run --allow-read scripts/bench/profile_summary.ts PROFILE.cpuprofile [N=40]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, limitArg] = Deno.args;
if (!file) throw new Error("Usage: profile_summary.ts PROFILE.cpuprofile [N]");
const limit = Number(limitArg ?? 40);
const profile = JSON.parse(await Deno.readTextFile(file)) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const place = shorten(url);
  add(byFunction, `${functionName || "(anonymous)"}  ${place}:${lineNumber + 1}`, us);
  add(byPlace, place.replace(/:\d+$/, ""), us);
}
const parent = new Map<number, number>();
for (const node of profile.nodes) {
  for (const child of node.children ?? []) parent.set(child, node.id);
}
const inclusive = new Map<string, number>();
profile.samples.forEach((leaf, i) => {
  const seen = new Set<string>();
  for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const place = shorten(url);
    if (!place.startsWith("src/")) continue;
    seen.add(`${functionName || "(anonymous)"}  ${place}:${lineNumber + 1}`);
  }
  for (const key of seen) add(inclusive, key, profile.timeDeltas[i] ?? 0);
});
print("self time by function", byFunction, limit);
print("total time of src/ functions", inclusive, limit);
print("self time by package / file", byPlace, 25);

function add(map: Map<string, number>, key: string, us: number) {
  map.set(key, (map.get(key) ?? 0) + us);
}

function print(title: string, map: Map<string, number>, n: number) {
  console.log(`\n${title} (${(total / 1e6).toFixed(1)} s sampled)`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${(us / total * 100).toFixed(2).padStart(6)}%  ${key}`);
  }
}

function shorten(url: string): string {
  if (!url) return "(native)";
  const npm = /\/npm\/registry\.npmjs\.org\/([^/]+(?:\/[^/]+)?)\/[^/]+\/(.*)$/.exec(url);
  if (npm) return `npm:${npm[1]}/${npm[2]}`;
  const src = /\/(src|scripts|tests)\/(.*)$/.exec(url);
  if (src) return `${src[1]}/${src[2]}`;
  return url.replace(/^.*\/ext\//, "ext:");
}
