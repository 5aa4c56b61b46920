/**
 * A loopback OTLP/HTTP collector that keeps the spans it receives as JSON
 * (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`): POST /v1/traces with an ExportTraceServiceRequest.
 * Other signals (metrics, logs) are accepted and dropped.
 */
export interface ReceivedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
  status?: { code?: number; message?: string };
}

export interface OtlpCollectorFake {
  /** The value for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  endpoint: string;
  spans: ReceivedSpan[];
  /** Content types of the trace exports received (to prove the protocol). */
  contentTypes: string[];
  close(): Promise<void>;
}

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}

interface OtlpSpan extends Omit<ReceivedSpan, "attributes"> {
  attributes?: OtlpAttribute[];
}

interface ExportRequest {
  resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: OtlpSpan[] }> }>;
}

export function startOtlpCollectorFake(): OtlpCollectorFake {
  const spans: ReceivedSpan[] = [];
  const contentTypes: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (req.method !== "POST") return new Response(null, { status: 405 });
    if (path !== "/v1/traces") {
      await req.body?.cancel();
      return Response.json({});
    }
    contentTypes.push(req.headers.get("content-type") ?? "");
    const body = await req.json() as ExportRequest;
    for (const resource of body.resourceSpans ?? []) {
      for (const scope of resource.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) spans.push(flatten(span));
      }
    }
    return Response.json({});
  });
  return {
    endpoint: `http://127.0.0.1:${server.addr.port}`,
    spans,
    contentTypes,
    close: () => server.shutdown(),
  };
}

/** OTLP's `[{ key, value: { stringValue } }]` as a plain record. */
function flatten(span: OtlpSpan): ReceivedSpan {
  const attributes: Record<string, unknown> = {};
  for (const { key, value } of span.attributes ?? []) attributes[key] = Object.values(value)[0];
  return { ...span, attributes };
}
