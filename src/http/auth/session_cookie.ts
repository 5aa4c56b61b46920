import type { Context } from "hono";
import { deleteCookie, generateCookie, getCookie, setCookie } from "hono/cookie";

/** The browser session cookie. `HttpOnly` keeps it from scripts; `SameSite=Lax` from most CSRF. */
export const SESSION_COOKIE = "pitchey_session";

const SESSION_COOKIE_OPTIONS = {
  httpOnly: true,
  secure: true,
  sameSite: "Lax",
  path: "/",
} as const;

export function setSessionCookie(c: Context, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, { ...SESSION_COOKIE_OPTIONS, expires: expiresAt });
}

/** The `Set-Cookie` value `setSessionCookie` writes, for a header set on a built response. */
export function sessionCookieValue(token: string, expiresAt: Date): string {
  return generateCookie(SESSION_COOKIE, token, { ...SESSION_COOKIE_OPTIONS, expires: expiresAt });
}

/** Whether `headers` already set or clear the session cookie (a sign-in or a sign-out did). */
export function setsSessionCookie(headers: Headers): boolean {
  return headers.getSetCookie().some((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
}

/**
 * The `Set-Cookie` value that expires the session cookie, for answers built outside the context
 * (a 401 problem response carries it as a header of its error).
 */
export const EXPIRED_SESSION_COOKIE =
  `${SESSION_COOKIE}=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax`;

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, SESSION_COOKIE_OPTIONS);
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}
