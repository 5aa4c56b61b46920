/**
 * Signs short strings with the server's secret (`APP_SECRET`) so links we hand out (unsubscribe)
 * can be checked without storing them. Contract: `verify` is true only for a signature `sign`
 * made for the same `purpose` and `data` with the same secret; signatures are URL-safe text. The
 * purpose separates uses, so a signature made for one can never pass as another.
 */
export interface Signer {
  sign(purpose: string, data: string): Promise<string>;
  verify(purpose: string, data: string, signature: string): Promise<boolean>;
}
