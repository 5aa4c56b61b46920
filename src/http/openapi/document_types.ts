/** Loose types of the generated OpenAPI document, for the steps that finish it. */

/** The JSON Schema keywords this module walks. */
export interface JsonSchema {
  $ref?: string;
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: unknown;
  additionalProperties?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  [keyword: string]: unknown;
}

/** The parts of an OpenAPI document the finishing steps read and write. */
export interface OpenApiLike {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema>; [kind: string]: unknown };
  [field: string]: unknown;
}

/** An operation object, loosely typed. */
export interface OperationLike {
  operationId?: string;
  tags?: string[];
  parameters?: Array<{ schema?: JsonSchema; $ref?: string; [field: string]: unknown }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, ResponseLike>;
  [field: string]: unknown;
}

export interface ResponseLike {
  $ref?: string;
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, unknown>;
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** Every operation of the document, in document order. */
export function operationsOf(doc: OpenApiLike): OperationLike[] {
  return operationEntries(doc).map(({ operation }) => operation);
}

/** Every operation with its method and path template. */
export function operationEntries(
  doc: OpenApiLike,
): Array<{ method: string; path: string; operation: OperationLike }> {
  const entries = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as OperationLike | undefined;
      if (operation) entries.push({ method, path, operation });
    }
  }
  return entries;
}
