/**
 * The OpenAPI security requirement of authenticated operations: a bearer credential (session token
 * or API key) or the browser session cookie. The schemes are registered in `app.ts`.
 */
export const AUTHENTICATED: Array<Record<string, string[]>> = [
  { bearerAuth: [] },
  { sessionCookie: [] },
];
