/** Hashes and checks account passwords. Implementations never throw on a bad stored value. */
export interface PasswordHasher {
  /** A self-describing string (algorithm, parameters, salt, key) to store as-is. */
  hash(password: string): Promise<string>;
  /**
   * Checks `password` against a value `hash` produced, now or with older parameters. `ok` is false
   * for a wrong password and for a stored value that is malformed or of an unknown algorithm.
   * `needsRehash` is true when the password matched but was stored with weaker parameters than the
   * current ones: the caller should store `hash(password)` while it still has the plaintext.
   */
  verify(password: string, stored: string): Promise<{ ok: boolean; needsRehash: boolean }>;
  /**
   * Spends the same work as a real `verify` at the current parameters and discards the result.
   * Login calls it when no account matches the email, so response time does not reveal whether
   * an email is registered.
   */
  verifyDummy(password: string): Promise<void>;
}
