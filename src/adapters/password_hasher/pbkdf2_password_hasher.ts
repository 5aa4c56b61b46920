import type { PasswordHasher } from "../../ports/password_hasher.ts";

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; the production setting. */
export const OWASP_PBKDF2_ITERATIONS = 600_000;

const ALGORITHM = "pbkdf2-sha256";
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const MIN_ITERATIONS = 1_000;
// A corrupted or tampered row must not pin a core for minutes; ~17x the production setting.
const MAX_ITERATIONS = 10_000_000;
const ITERATIONS_PATTERN = /^[1-9][0-9]{0,7}$/;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const encoder = new TextEncoder();

interface StoredHash {
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  key: Uint8Array<ArrayBuffer>;
}

/**
 * PBKDF2-HMAC-SHA256 through WebCrypto, stored as `pbkdf2-sha256$<iterations>$<salt>$<key>` with
 * standard base64 salt (16 bytes) and key (32 bytes). Raising `iterations` later is safe: older
 * hashes still verify and report `needsRehash`. Throws a RangeError below 1,000 iterations.
 */
export function createPbkdf2PasswordHasher(
  options: {
    iterations: number;
    /** The key derivation; tests pass a counting one to check how much work each call does. */
    derive?: typeof deriveKey;
  },
): PasswordHasher {
  const { iterations, derive = deriveKey } = options;
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new RangeError(
      `Cannot use "${iterations}" PBKDF2 iterations: use an integer from ${MIN_ITERATIONS} to ${MAX_ITERATIONS}`,
    );
  }
  const dummySalt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));

  return {
    async hash(password) {
      const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
      const key = await derive(password, salt, iterations);
      return [ALGORITHM, iterations, toBase64(salt), toBase64(key)].join("$");
    },

    async verify(password, stored) {
      const parsed = parseStored(stored);
      if (!parsed) {
        await derive(password, dummySalt, iterations);
        return { ok: false, needsRehash: false };
      }
      const key = await derive(password, parsed.salt, parsed.iterations);
      // Every answer costs the current parameters' work, whatever the stored hash: an account
      // with an older, cheaper hash must not answer faster than an unknown email.
      if (parsed.iterations < iterations) {
        await derive(password, dummySalt, iterations - parsed.iterations);
      }
      const ok = bytesEqual(key, parsed.key);
      // Only a matching password may trigger a rehash: a wrong one gives nothing to hash.
      return { ok, needsRehash: ok && parsed.iterations < iterations };
    },

    async verifyDummy(password) {
      await derive(password, dummySalt, iterations);
    },
  };
}

/**
 * The same visible password can arrive as different code points: "é" is one code point from most
 * keyboards but "e" + combining accent from some input methods and copy-pastes. NFC makes both the
 * same bytes, so a user is not locked out by the device they type on. NFC rather than NFKC keeps
 * compatibility characters (fullwidth letters, ligatures) distinct, as the user typed them.
 */
export async function deriveKey(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const material = await crypto.subtle.importKey(
    "raw",
    encoder.encode(password.normalize("NFC")),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    material,
    KEY_BYTES * 8,
  );
  return new Uint8Array(bits);
}

function parseStored(stored: string): StoredHash | undefined {
  const fields = stored.split("$");
  if (fields.length !== 4) return undefined;
  const [algorithm, iterationsText, saltText, keyText] = fields as [string, string, string, string];
  // The algorithm tag is what lets a later hasher accept this format and flag it for rehash.
  if (algorithm !== ALGORITHM || !ITERATIONS_PATTERN.test(iterationsText)) return undefined;
  const iterations = Number(iterationsText);
  if (iterations > MAX_ITERATIONS) return undefined;
  const salt = fromBase64(saltText);
  const key = fromBase64(keyText);
  if (salt?.length !== SALT_BYTES || key?.length !== KEY_BYTES) return undefined;
  return { iterations, salt, key };
}

/** Walks every byte whatever the first difference, so timing does not reveal a partial match. */
function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ (b[i] ?? 0);
  return difference === 0;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

// atob tolerates whitespace and missing padding; the pattern keeps stored values canonical.
function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text === "" || !BASE64_PATTERN.test(text)) return undefined;
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}
