import { type CaseKind, withQuery } from "./fuzz_case.ts";
import { paramsIn, request } from "./request_cases.ts";

/** Values for documented header parameters (conditional requests, signatures, retries). */
const HEADER_VALUES: readonly string[] = [
  "",
  "*",
  "W/",
  '"',
  ",,,,",
  "-1",
  "1e308",
  "NaN",
  "0x10",
  "__proto__",
  "t=1e999,v1=zz,v0=",
  "eyJhbGciOiJub25lIn0.e30.",
  "a.b.c",
  "h".repeat(10_000),
  "\u00ff\u00fe latin-1",
];

/** Credentials and request metadata that are malformed rather than merely wrong. */
const JUNK_HEADERS: ReadonlyArray<Record<string, string>> = [
  { authorization: "Bearer " },
  { authorization: "Bearer ps_" },
  { authorization: `Bearer pk_${"k".repeat(5_000)}` },
  { authorization: "Basic Zm9vOmJhcg==" },
  { authorization: "Bearer __proto__" },
  { cookie: "pitchey_session=%00; pitchey_session=__proto__" },
  { cookie: `pitchey_session=${"c".repeat(5_000)}` },
  { cookie: "pitchey_session=" },
  { "x-request-id": "../../etc/passwd" },
  { "x-forwarded-for": "not an address, ::1, 999.999.999.999" },
  { origin: "null" },
  { "if-none-match": '"*", W/"x", *' },
  { "if-match": 'W/"1", *' },
];

/** Malformed documented headers, credentials and request metadata. */
export const HEADER_KINDS: CaseKind[] = [
  {
    name: "hostile header",
    applies: () => true,
    build(ctx, base) {
      const url = withQuery(base.path, base.query);
      const documented = paramsIn(ctx.op, "header");
      if (documented.length > 0 && ctx.rng.chance(0.6)) {
        const param = ctx.rng.pick(documented);
        const value = ctx.rng.pick(HEADER_VALUES);
        return request(`header ${param.name}: "${value.slice(0, 40)}"`, base, url, {
          [param.name]: value,
        });
      }
      const headers = ctx.rng.pick(JUNK_HEADERS);
      const label = Object.entries(headers).map(([k, v]) => `${k}: "${v.slice(0, 40)}"`).join(", ");
      return request(`header ${label}`, base, url, headers);
    },
  },
];
