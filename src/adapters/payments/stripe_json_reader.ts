/**
 * Typed reads from the parsed JSON of a Stripe payload. A failure throws `StripeShapeError` naming
 * the subject ("event \"evt_1\"") and the field path, never the value.
 */

/** An authentic Stripe payload we cannot read; names the event or object and the field. */
export class StripeShapeError extends Error {
  constructor(subject: string, path: string, expected: string) {
    super(`Cannot read Stripe ${subject}: "${path}" is not ${expected}`);
    this.name = "StripeShapeError";
  }
}

type Json = Record<string, unknown>;

export class JsonReader {
  readonly #value: Json;
  constructor(value: unknown, readonly subject: string, readonly path = "") {
    if (!isObject(value)) throw new StripeShapeError(subject, path || "(root)", "an object");
    this.#value = value;
  }

  renamed(subject: string): JsonReader {
    return new JsonReader(this.#value, subject, this.path);
  }

  string(key: string): string {
    const value = this.#value[key];
    if (typeof value !== "string" || value === "") this.fail(key, "a non-empty string");
    return value as string;
  }

  optionalString(key: string): string | null {
    const value = this.#value[key];
    return typeof value === "string" && value !== "" ? value : null;
  }

  number(key: string): number {
    const value = this.#value[key];
    if (typeof value !== "number" || !Number.isFinite(value)) this.fail(key, "a number");
    return value as number;
  }

  optionalNumber(key: string): number | null {
    const value = this.#value[key];
    return typeof value === "number" && Number.isFinite(value) ? value : null;
  }

  optionalBoolean(key: string): boolean | null {
    const value = this.#value[key];
    return typeof value === "boolean" ? value : null;
  }

  /** An id field that Stripe may also send expanded, as an object with an `id`. */
  id(key: string): string {
    const value = this.optionalId(key);
    if (value === null) this.fail(key, "an id");
    return value as string;
  }

  optionalId(key: string): string | null {
    const value = this.#value[key];
    if (typeof value === "string" && value !== "") return value;
    if (isObject(value) && typeof value.id === "string" && value.id !== "") return value.id;
    return null;
  }

  child(key: string): JsonReader {
    return new JsonReader(this.#value[key], this.subject, this.#at(key));
  }

  optionalChild(key: string): JsonReader | undefined {
    const value = this.#value[key];
    return isObject(value) ? new JsonReader(value, this.subject, this.#at(key)) : undefined;
  }

  array(key: string): JsonReader[] {
    const value = this.#value[key];
    if (!Array.isArray(value)) this.fail(key, "an array");
    return (value as unknown[]).map((item, i) =>
      new JsonReader(item, this.subject, this.#at(`${key}.${i}`))
    );
  }

  #at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  /** Throws a `StripeShapeError` for `key` under this reader's path. */
  fail(key: string, expected: string): never {
    throw new StripeShapeError(this.subject, this.#at(key), expected);
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
