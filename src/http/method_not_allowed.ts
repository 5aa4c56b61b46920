/**
 * Hono answers a known path with an unregistered method as "not found". To give clients the correct
 * 405 with an `Allow` header, this compiles the app's route table into matchers once and asks which
 * methods a path accepts.
 */
export interface RouteLike {
  method: string;
  path: string;
}

export function createAllowedMethodsLookup(routes: () => readonly RouteLike[]) {
  let compiled: Array<{ method: string; pattern: RegExp }> | undefined;
  return (path: string): string[] => {
    // Compiled on first use: every router is mounted by then.
    compiled ??= routes()
      .filter((r) => r.method !== "ALL")
      .map((r) => ({ method: r.method, pattern: toRegExp(r.path) }));
    const methods = new Set<string>();
    for (const route of compiled) if (route.pattern.test(path)) methods.add(route.method);
    if (methods.has("GET")) methods.add("HEAD");
    if (methods.size > 0) methods.add("OPTIONS");
    return [...methods].sort();
  };
}

function toRegExp(path: string): RegExp {
  const source = path.split("/").map((segment) => {
    if (segment === "*") return ".*";
    const param = /^:[A-Za-z0-9_]+(\{(.+)\})?(\?)?$/.exec(segment);
    if (param) return param[2] ? `(?:${param[2]})` : "[^/]+";
    return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }).join("/");
  return new RegExp(`^${source}/?$`);
}
