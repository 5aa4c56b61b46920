import {
  type CaseContext,
  type CaseKind,
  encodeLoose,
  type FuzzCase,
  type ValidRequest,
  withQuery,
} from "./fuzz_case.ts";
import { BROKEN_TEXT, HOSTILE_STRINGS, ONE_MB } from "./hostile_values.ts";
import { HOSTILE_INTEGER_QUERY, ODD_PATH_IDS } from "./hostile_url_values.ts";
import { type Parameter, schemaTypes } from "./openapi_operations.ts";

/** The operation's parameters in one location. */
export const paramsIn = (op: CaseContext["op"], where: Parameter["in"]) =>
  op.params.filter((p) => p.in === where);
const textQuery = (op: CaseContext["op"]) =>
  paramsIn(op, "query").filter((p) => !p.schema.enum && schemaTypes(p.schema).includes("string"));

/** The valid request with its valid body (if any) and the given path and query. */
export function request(
  description: string,
  base: ValidRequest,
  url: string,
  headers: Record<string, string> = {},
): FuzzCase {
  if (base.body === undefined) return { description, url, headers };
  return {
    description,
    url,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(base.body),
  };
}

/** An encoded query value that is wrong for `param`'s schema. */
function hostileQueryValue(ctx: CaseContext, param: Parameter): [string, string] {
  const types = schemaTypes(param.schema);
  if (types.includes("integer") || types.includes("number")) {
    const value = ctx.rng.pick(HOSTILE_INTEGER_QUERY);
    return [`"${value}"`, value];
  }
  if (ctx.rng.chance(0.15)) return ["a 1 MiB value", "q".repeat(ONE_MB)];
  const [label, value] = ctx.rng.pick(HOSTILE_STRINGS);
  return [label, encodeLoose(value)];
}

/** Kinds that break the path or the query string. */
export const REQUEST_KINDS: CaseKind[] = [
  {
    name: "odd path id",
    weight: 3,
    applies: (op) => paramsIn(op, "path").length > 0,
    build(ctx, base) {
      const param = ctx.rng.pick(paramsIn(ctx.op, "path"));
      const real = encodeURIComponent(ctx.pathIds[param.name] ?? "x");
      const odd = ctx.rng.chance(0.2)
        ? `${real}${ctx.rng.pick(["%00", "%20", "%ED%A0%80", "/"])}`
        : ctx.rng.pick(ODD_PATH_IDS);
      const path = base.path.replace(real, () => odd);
      return request(`path ${param.name} "${odd.slice(0, 40)}"`, base, withQuery(path, base.query));
    },
  },
  {
    name: "broken text in the query",
    applies: (op) => textQuery(op).length > 0,
    build(ctx, base) {
      const [label, raw] = ctx.rng.pick(BROKEN_TEXT);
      const names = textQuery(ctx.op).map((p) => p.name);
      // All at once (but the cursor, checked first) reaches the service; one at a time, each check.
      const params = ctx.rng.chance(0.5)
        ? [ctx.rng.pick(names)]
        : names.filter((n) => n !== "cursor");
      const query = base.query.filter(([key]) => !params.includes(key));
      for (const name of params) query.push([name, encodeLoose(raw)]);
      return request(`${label} in query ${params.join(", ")}`, base, withQuery(base.path, query));
    },
  },
  {
    name: "hostile query value",
    weight: 2,
    applies: (op) => paramsIn(op, "query").length > 0,
    build(ctx, base) {
      const param = ctx.rng.pick(paramsIn(ctx.op, "query"));
      const [label, value] = hostileQueryValue(ctx, param);
      const query = base.query.filter(([key]) => key !== param.name);
      query.push([param.name, value]);
      return request(`query ${param.name}: ${label}`, base, withQuery(base.path, query));
    },
  },
  {
    name: "repeated query parameter",
    applies: (op) => paramsIn(op, "query").length > 0,
    build(ctx, base) {
      const param = ctx.rng.pick(paramsIn(ctx.op, "query"));
      const values = schemaTypes(param.schema).includes("integer") ? ["1", "2"] : ["a", "b"];
      const repeats = ctx.rng.pick([2, 3, 500]);
      const query = [...base.query];
      for (let i = 0; i < repeats; i += 1) query.push([param.name, values[i % 2]!]);
      return request(
        `query ${param.name} repeated ${repeats} times`,
        base,
        withQuery(base.path, query),
      );
    },
  },
  {
    name: "prototype query keys",
    applies: () => true,
    build(_ctx, base) {
      const keys = [
        "__proto__",
        "constructor",
        "prototype",
        "toString",
        "hasOwnProperty",
        "__proto__[x]",
      ];
      const query = [
        ...base.query,
        ...keys.map((key): [string, string] => [encodeLoose(key), "1"]),
      ];
      return request("prototype keys as query parameters", base, withQuery(base.path, query));
    },
  },
];
