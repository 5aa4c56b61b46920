import {
  type Attributes,
  ProxyTracerProvider,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { API_VERSION } from "./version.ts";

/**
 * Spans around calls that leave the process, through the OpenTelemetry API. Deno registers its
 * own tracer provider when started with `OTEL_DENO=true` and exports spans over OTLP itself;
 * otherwise the API holds only its no-op proxy, and every helper here returns before allocating
 * anything, so tracing costs nothing when it is off.
 */
export const tracingEnabled = !(trace.getTracerProvider() instanceof ProxyTracerProvider);

const tracer = trace.getTracer("pitchey-api", API_VERSION);

type LazyAttributes = Attributes | (() => Attributes);

const resolve = (attributes: LazyAttributes | undefined) =>
  typeof attributes === "function" ? attributes() : attributes;

function fail(span: Span, error: unknown): void {
  // The error's name only: messages can quote hosts, keys or values.
  const name = error instanceof Error ? error.name : "Error";
  span.setStatus({ code: SpanStatusCode.ERROR, message: name });
  span.setAttribute("error.type", name);
}

/** Runs `work` inside a client span named `name` (the active span while it runs). */
export function traced<T>(
  name: string,
  attributes: LazyAttributes | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (!tracingEnabled) return work();
  const options = { kind: SpanKind.CLIENT, attributes: resolve(attributes) };
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      return await work();
    } catch (error) {
      fail(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

const NOT_TRACED = (_error?: unknown) => {};

/**
 * Starts a client span for callback-style APIs and returns the function that ends it (with the
 * error, when the call failed). Off: one shared no-op.
 */
export function startSpan(name: string, attributes?: Attributes): (error?: unknown) => void {
  if (!tracingEnabled) return NOT_TRACED;
  const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes });
  return (error?: unknown) => {
    if (error) fail(span, error);
    span.end();
  };
}

/**
 * The port `target` with each of `methods` wrapped in a span `<prefix>.<method>`; other members
 * are read through from `target`. Off: `target` itself.
 */
export function traceMethods<T extends object>(
  target: T,
  prefix: string,
  methods: ReadonlyArray<keyof T & string>,
  attributes?: Attributes,
): T {
  if (!tracingEnabled) return target;
  const wrapped = Object.create(target) as Record<string, unknown>;
  for (const method of methods) {
    const original = target[method];
    if (typeof original !== "function") continue;
    const name = `${prefix}.${method}`;
    wrapped[method] = (...args: unknown[]) =>
      traced(name, attributes, () => Promise.resolve(original.apply(target, args)));
  }
  return wrapped as T;
}
