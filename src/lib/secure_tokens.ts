import { createHash } from "node:crypto";
/**
 * Primitives for session tokens and API keys: random values with a readable prefix, the SHA-256
 * digest that is the only thing stored, and a comparison that does not stop at the first
 * difference.
 */

/** 128 bits: the floor the accounts issue sets for anything that authenticates a caller. */
const MIN_TOKEN_BYTES = 16;
// crypto.getRandomValues refuses more than 65,536 bytes per call.
const MAX_TOKEN_BYTES = 65_536;

/**
 * Returns `${prefix}${base64url}` of `bytes` random bytes from `crypto.getRandomValues`, without
 * padding (32 bytes give 43 characters). The prefix (`pk_`, `sess_`) is there for people and
 * secret scanners; it adds no entropy. Throws a RangeError below 16 bytes.
 */
export function randomToken(prefix: string, bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < MIN_TOKEN_BYTES || bytes > MAX_TOKEN_BYTES) {
    throw new RangeError(
      `Cannot create a token of "${bytes}" bytes: use an integer from ${MIN_TOKEN_BYTES} to ${MAX_TOKEN_BYTES}`,
    );
  }
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  return prefix + toBase64Url(random);
}

/**
 * SHA-256 of the UTF-8 bytes of `value`, as 64 lowercase hex characters. Synchronous `node:crypto`
 * rather than WebCrypto: this runs on every authenticated request, and WebCrypto's promise-based
 * digest measured ~80 µs per call here against ~3 µs (scripts/bench/password_hash.ts).
 */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/**
 * Compares two strings without returning at the first differing character, so the time taken
 * does not tell an attacker how much of a guess was right. A length difference makes the result
 * false but is folded into the same accumulator instead of returning early: the loop always runs
 * over the longer of the two lengths. That length is therefore observable, which is why callers
 * compare fixed-length values (hex SHA-256 digests), never the raw secrets. JavaScript gives no
 * hard timing guarantee under a JIT; comparing digests rather than tokens is what makes any
 * residual leak useless.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  for (let i = 0; i < length; i++) {
    // Past the end charCodeAt gives NaN; `| 0` turns it into 0 so the loop body stays uniform.
    difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return difference === 0;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
