import { BadRequestError } from "../ports/errors.ts";

/** The longest key accepted, in characters. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

const BARE = /^[\x21-\x7e]+$/;
// RFC 8941 sf-string: DQUOTE *( unescaped / "\" ( DQUOTE / "\" ) ) DQUOTE
const SF_STRING = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/;

/**
 * The key of an `Idempotency-Key` header. The IETF draft makes the field an RFC 8941 string
 * (`"8e03978e-..."`); most clients send the bare value as Stripe taught them, so both are
 * accepted and mean the same key. Either way it is 1-255 visible ASCII characters (spaces only
 * inside quotes). A repeated header arrives joined by ", " and is refused, as the draft asks.
 * Throws a `BadRequestError` (400) otherwise.
 */
export function parseIdempotencyKey(value: string): string {
  const quoted = SF_STRING.exec(value);
  const key = quoted ? quoted[1]!.replace(/\\(["\\])/g, "$1") : value;
  const wellFormed = quoted !== null || (BARE.test(value) && !value.startsWith('"'));
  if (!wellFormed || key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    throw new BadRequestError(
      `Idempotency-Key must be one value of 1-${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII ` +
        "characters, bare or as a quoted string (a random UUID is a good choice)",
    );
  }
  return key;
}
