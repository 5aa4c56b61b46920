/** The parts of a JSON Schema (as zod-openapi writes them) that the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: Schema;
}

/** One documented operation, with `$ref`s resolved. */
export interface Operation {
  method: string;
  /** The OpenAPI path template, e.g. `/v1/pitches/{id}`. */
  path: string;
  /** `METHOD path`: how failures and `FUZZ_ONLY` name it. */
  key: string;
  params: Parameter[];
  body?: { schema: Schema; required: boolean; contentTypes: string[] };
  /** Status codes the operation documents. */
  statuses: string[];
  /**
   * Status codes the route itself declares: inline, or a shared response it describes in its own
   * words. A 503 the document adds to every operation (a database outage) is not among them, so
   * the fuzzer, whose dependencies never fail, still counts it as a server error.
   */
  declaredStatuses: string[];
  /** The media types documented for each status. */
  responseTypes: Record<string, string[]>;
  /** Under `/v1/admin/`: also sent with an admin session. */
  admin: boolean;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface RawOperation {
  parameters?: Array<{ name: string; in: Parameter["in"]; required?: boolean; schema?: Schema }>;
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses?: Record<
    string,
    { $ref?: string; description?: string; content?: Record<string, unknown> }
  >;
}

const METHODS = new Set(["get", "put", "post", "delete", "patch"]);

/** Every operation of an OpenAPI 3.1 document, in document order. */
export function listOperations(doc: OpenApiDocument): Operation[] {
  const resolve = refResolver(doc.components?.schemas ?? {});
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const upper = method.toUpperCase();
      const content = Object.entries(raw.requestBody?.content ?? {});
      operations.push({
        method: upper,
        path,
        key: `${upper} ${path}`,
        params: (raw.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required ?? p.in === "path",
          schema: resolve(p.schema ?? {}),
        })),
        body: content.length === 0 ? undefined : {
          schema: resolve(content[0]![1].schema),
          required: raw.requestBody?.required ?? false,
          contentTypes: content.map(([type]) => type),
        },
        statuses: Object.keys(raw.responses ?? {}),
        declaredStatuses: Object.entries(raw.responses ?? {})
          .filter(([, response]) => !response.$ref || response.description !== undefined)
          .map(([code]) => code),
        responseTypes: Object.fromEntries(
          Object.entries(raw.responses ?? {}).map((
            [code, r],
          ) => [code, Object.keys(r.content ?? {})]),
        ),
        admin: path.startsWith("/v1/admin/"),
      });
    }
  }
  return operations;
}

function refResolver(components: Record<string, Schema>) {
  const resolve = (schema: Schema): Schema => {
    if (schema.$ref) {
      const name = schema.$ref.replace("#/components/schemas/", "");
      const target = components[name];
      if (!target) throw new Error(`Unresolvable $ref "${schema.$ref}"`);
      return resolve(target);
    }
    const out: Schema = { ...schema };
    if (schema.items) out.items = resolve(schema.items);
    if (schema.properties) {
      out.properties = Object.fromEntries(
        Object.entries(schema.properties).map(([key, value]) => [key, resolve(value)]),
      );
    }
    return out;
  };
  return resolve;
}

/** The JSON types a schema admits (`["string", "null"]` for a nullable string). */
export function schemaTypes(schema: Schema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.enum) return [...new Set(schema.enum.map((v) => v === null ? "null" : typeof v))];
  return [];
}
