import { Buffer } from "node:buffer";
import { sha256Hex } from "../../lib/secure_tokens.ts";

/**
 * What is kept of an `Idempotency-Key`: its digest to find the row, and a body sealed with a key
 * derived from it (AES-256-GCM, bound to the user). The database alone can therefore not read a
 * stored response; a request that presents the key again can. The key is the client's secret:
 * clients are told to send a random one (a UUID v4).
 */
export const idempotencyKeyMaterial = {
  /** SHA-256 of the key, hex: the row's lookup value. */
  digest(key: string): string {
    return sha256Hex(`idempotency-key:${key}`);
  },

  async seal(input: { userId: string; key: string; body: string }): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: encode(input.userId) },
      await bodyKey(input.userId, input.key),
      encode(input.body),
    );
    return `v1.${Buffer.from(iv).toString("base64")}.${Buffer.from(sealed).toString("base64")}`;
  },

  /** The body `seal` sealed; throws when it was sealed for another user or key. */
  async open(input: { userId: string; key: string; sealed: string }): Promise<string> {
    const [version, iv, data] = input.sealed.split(".");
    if (version !== "v1" || iv === undefined || data === undefined) {
      throw new Error(`Stored response has an unknown format "${version}"`);
    }
    const body = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: Buffer.from(iv, "base64"), additionalData: encode(input.userId) },
      await bodyKey(input.userId, input.key),
      Buffer.from(data, "base64"),
    );
    return new TextDecoder().decode(body);
  },
};

const encode = (text: string) => new TextEncoder().encode(text);

/** Domain-separated from the lookup digest, so knowing the digest gives nothing towards it. */
async function bodyKey(userId: string, key: string): Promise<CryptoKey> {
  const material = await crypto.subtle.digest(
    "SHA-256",
    encode(`idempotency-response:${userId}:${key}`),
  );
  return crypto.subtle.importKey("raw", material, "AES-GCM", false, ["encrypt", "decrypt"]);
}
