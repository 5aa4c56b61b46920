import { sha256Hex } from "./secure_tokens.ts";

/**
 * `sha256Hex`, remembered for the last `max` inputs. For texts a client repeats on request after
 * request (its token, its address): hashing each time costs a few microseconds of a hot path
 * that is otherwise answered from memory. Only this isolate's memory holds the pairs, as it holds
 * the requests themselves. Bounded: past the cap it starts again, so a flood of distinct inputs
 * costs what hashing cost before.
 */
export function createDigestMemo(max = 10_000): (text: string) => string {
  const recent = new Map<string, string>();
  return (text) => {
    let digest = recent.get(text);
    if (digest === undefined) {
      digest = sha256Hex(text);
      if (recent.size >= max) recent.clear();
      recent.set(text, digest);
    }
    return digest;
  };
}
