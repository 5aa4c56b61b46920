import assert from "node:assert/strict";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

type Json = Record<string, unknown>;
interface ResponseDoc {
  $ref?: string;
  headers?: Record<string, { $ref?: string; required?: boolean; schema?: Json }>;
  content?: Record<string, { schema?: Json }>;
}
export interface DocumentLike {
  paths: Record<string, Record<string, { responses: Record<string, ResponseDoc> }>>;
  components: { responses?: Record<string, ResponseDoc>; headers?: Record<string, Json> };
}

const METHODS = ["get", "put", "post", "delete", "patch"];

// deno-lint-ignore no-explicit-any
type RequestFn = (input: any, init?: RequestInit) => Response | Promise<Response>;

/** What a checked exchange gave: status, headers and the parsed body (text when not JSON). */
export interface CheckedResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * Checks responses against an OpenAPI 3.1 document: the status is documented for the operation,
 * the content type is one documented for that status, the body validates against its schema
 * (JSON Schema 2020-12 through Ajv, formats included), and every header documented as required is
 * present and valid. Records which operations were checked, so a suite can fail on the ones it
 * never exercised.
 */
export function createContractChecker(doc: DocumentLike) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // The package is CommonJS: at run time its default export is the plugin function itself, while
  // its types describe the module object.
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  // Component schemas refer to each other as "#/components/...": under this id they resolve.
  ajv.addSchema({ $id: "openapi", components: doc.components });
  const exercised = new Set<string>();

  const resolveResponse = (response: ResponseDoc): ResponseDoc =>
    response.$ref ? doc.components.responses![response.$ref.split("/").pop()!]! : response;
  const resolveHeader = (header: { $ref?: string }) =>
    (header.$ref ? doc.components.headers![header.$ref.split("/").pop()!] : header) as {
      required?: boolean;
      schema?: Json;
    };

  async function check(method: string, template: string, response: Response) {
    const key = `${method.toUpperCase()} ${template}`;
    const operation = doc.paths[template]?.[method.toLowerCase()];
    assert.ok(operation, `${key} is not in the document`);
    const text = await response.text();
    const documented = operation.responses[String(response.status)];
    assert.ok(documented, `${key} answered an undocumented ${response.status}: ${text}`);
    const spec = resolveResponse(documented);
    const body = checkBody(key, response, text, spec);
    for (const [name, header] of Object.entries(spec.headers ?? {})) {
      const { required, schema } = resolveHeader(header);
      const value = response.headers.get(name);
      if (value === null) {
        assert.ok(!required, `${key} ${response.status} lacks the required header ${name}`);
        continue;
      }
      if (schema) validate(schema, schema.type === "integer" ? Number(value) : value, key, name);
    }
    exercised.add(key);
    return { status: response.status, headers: response.headers, body } as CheckedResponse;
  }

  function checkBody(key: string, response: Response, text: string, spec: ResponseDoc) {
    const content = spec.content ?? {};
    if (Object.keys(content).length === 0) {
      assert.equal(text, "", `${key} ${response.status} documents no body but sent: ${text}`);
      return undefined;
    }
    const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
    const media = content[type];
    assert.ok(media, `${key} ${response.status}: "${type}" is not one of ${Object.keys(content)}`);
    if (!type.includes("json")) return text;
    const body = JSON.parse(text);
    if (media.schema) validate(media.schema, body, key, `${response.status} body`, text);
    return body;
  }

  function validate(schema: Json, value: unknown, key: string, what: string, text = "") {
    const rooted = JSON.parse(
      JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'),
    );
    const valid = ajv.validate(rooted, value);
    assert.ok(valid, `${key} ${what}: ${ajv.errorsText(ajv.errors)} ${text.slice(0, 800)}`);
  }

  // Literal paths first (`/jobs/_failed` before `/jobs/{name}`), then by fewer parameters.
  const templates = Object.keys(doc.paths)
    .map((template) => ({
      template,
      params: (template.match(/\{/g) ?? []).length,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}/?$`),
    }))
    .sort((a, b) => a.params - b.params);

  /** The documented path template `path` falls under, if any. */
  function templateOf(path: string): string | undefined {
    return templates.find(({ pattern }) => pattern.test(path))?.template;
  }

  /**
   * Makes every `app.request` of `app` checked: requests to documented operations have their
   * response checked (a clone, so callers still read the body); others pass untouched.
   */
  function observe(app: { request: RequestFn }): void {
    const request = app.request.bind(app);
    app.request = async (input, init) => {
      const response = await request(input, init);
      const url = new URL(String(input), "http://contract.test");
      const method = (init?.method ?? "GET").toLowerCase();
      const template = templateOf(url.pathname);
      if (template && doc.paths[template]?.[method]) {
        await check(method, template, response.clone());
      }
      return response;
    };
  }

  /** `METHOD /template` of every documented operation no `check` has seen. */
  function unexercised(): string[] {
    return Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`)
    ).filter((key) => !exercised.has(key));
  }

  return { check, observe, unexercised, exercised };
}

export type ContractChecker = ReturnType<typeof createContractChecker>;
