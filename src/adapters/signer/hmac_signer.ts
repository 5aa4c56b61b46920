import type { Signer } from "../../ports/signer.ts";

/**
 * HMAC-SHA256 signatures (WebCrypto), base64url without padding. The key is derived from the
 * secret once; each signature covers `purpose` and `data` separated by a byte that cannot occur
 * in either as we use them, so no two (purpose, data) pairs sign the same bytes.
 */
export function createHmacSigner(options: { secret: string }): Signer {
  const key = crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(options.secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  const bytesOf = (purpose: string, data: string) =>
    new TextEncoder().encode(`${purpose}\u0000${data}`);
  return {
    async sign(purpose, data) {
      const mac = await crypto.subtle.sign("HMAC", await key, bytesOf(purpose, data));
      return toBase64Url(new Uint8Array(mac));
    },
    async verify(purpose, data, signature) {
      const mac = fromBase64Url(signature);
      if (!mac) return false;
      // WebCrypto's verify compares in constant time.
      return await crypto.subtle.verify("HMAC", await key, mac, bytesOf(purpose, data));
    },
  };
}

/** A random secret for the embedded default when `APP_SECRET` is unset (valid for one process). */
export function randomSecret(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  try {
    const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}
