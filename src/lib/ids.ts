const ALPHABET = "0123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

/**
 * A random, URL-safe identifier with a type prefix (`usr_...`, `ses_...`): readable in logs and
 * support tickets, and 20 characters of a 58-letter alphabet (~117 bits) so ids cannot be guessed.
 */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let out = `${prefix}_`;
  // 256 % 58 leaves a small bias; rejection sampling keeps every letter equally likely.
  for (const byte of bytes) out += byte < 232 ? ALPHABET[byte % 58] : "";
  while (out.length < prefix.length + 21) {
    const [byte] = crypto.getRandomValues(new Uint8Array(1));
    if (byte! < 232) out += ALPHABET[byte! % 58];
  }
  return out;
}
