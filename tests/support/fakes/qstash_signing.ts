/**
 * Signs a delivery the way QStash does: an HS256 JWT with iss "Upstash", sub = destination, a
 * five-minute lifetime and `body` = base64url SHA-256 of the body. QStash pads that claim with
 * "=" (the Receiver strips padding on both sides), so we do too.
 */
export async function signQstashJwt(input: {
  key: string;
  destination: string;
  body: string;
  nowSeconds?: number;
}): Promise<string> {
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(input.body));
  const claims = {
    iss: "Upstash",
    sub: input.destination,
    exp: now + 300,
    nbf: now,
    iat: now,
    jti: `jwt_${crypto.randomUUID().replaceAll("-", "")}`,
    body: base64url(new Uint8Array(digest), true),
  };
  const encode = (value: unknown) => base64url(new TextEncoder().encode(JSON.stringify(value)));
  const signingInput = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  const hmacKey = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(input.key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", hmacKey, new TextEncoder().encode(signingInput));
  return `${signingInput}.${base64url(new Uint8Array(mac))}`;
}

export function base64url(bytes: Uint8Array, padded = false): string {
  const base64 = btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_");
  return padded ? base64 : base64.replace(/=+$/, "");
}
