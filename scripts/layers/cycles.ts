export type Cycle = {
  /** One concrete loop, first file repeated at the end: `[a, b, a]`. */
  path: string[];
  /** Every file in the same strongly connected component, sorted. */
  component: string[];
};

/**
 * One cycle per strongly connected component (size > 1, or a file importing itself).
 * Listing every elementary cycle can explode combinatorially, so each component is shown by its
 * shortest loop through its first file plus the full member list.
 */
export function findCycles(graph: Map<string, Set<string>>): Cycle[] {
  return stronglyConnected(graph)
    .filter((members) => members.length > 1 || graph.get(members[0]!)?.has(members[0]!))
    .map((members) => {
      const component = [...members].sort();
      return { path: shortestLoop(graph, component[0]!, new Set(component)), component };
    })
    .sort((a, b) => a.component[0]!.localeCompare(b.component[0]!));
}

/** Tarjan's algorithm; recursion depth is bounded by the number of files, a few hundred. */
function stronglyConnected(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    lowLink.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowLink.set(node, Math.min(lowLink.get(node)!, lowLink.get(next)!));
      } else if (onStack.has(next)) {
        lowLink.set(node, Math.min(lowLink.get(node)!, index.get(next)!));
      }
    }
    if (lowLink.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    components.push(component);
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}

function shortestLoop(graph: Map<string, Set<string>>, start: string, within: Set<string>) {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (next === start) {
        const back: string[] = [];
        for (let at: string | undefined = node; at !== undefined; at = cameFrom.get(at)) {
          back.push(at);
        }
        return [...back.reverse(), start];
      }
      if (within.has(next) && !cameFrom.has(next) && next !== start) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}
