/**
 * One authenticated GET that proves a provider answers, for `GET /health/detailed`. Any answer
 * below 500 counts: the point is the round trip, and a key allowed only to send (Resend's
 * sending keys) is refused a listing while it sends fine. Throws on a 5xx, a network failure or
 * no answer within `timeoutMs`, with a message free of the URL's query and of the token.
 */
export async function httpPing(
  url: string,
  options: { token: string; timeoutMs: number; provider: string },
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${options.token}` },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    throw new Error(
      `${options.provider} ${
        timedOut ? `gave no answer within ${options.timeoutMs} ms` : "unreachable"
      }`,
    );
  }
  await response.body?.cancel();
  if (response.status >= 500) {
    throw new Error(`${options.provider} answered ${response.status}`);
  }
}
