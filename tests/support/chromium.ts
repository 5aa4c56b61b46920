import { type Browser, chromium } from "playwright-core";

/** Debian's `chromium` package, which `.ci/run` installs. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Why the browser suite cannot run here, or undefined when it can: the suite is skipped (with this
 * message) rather than failed on a machine without Chromium, e.g. a newcomer's with only Node.
 */
export function chromiumMissing(): string | undefined {
  try {
    Deno.statSync(CHROMIUM_PATH);
    return undefined;
  } catch {
    return `browser tests skipped: no ${CHROMIUM_PATH} (apt-get install -y chromium)`;
  }
}

/**
 * Headless Chromium with nothing of its own on the network (no updates, sync, QUIC or first-run
 * fetches), so every request a test sees is one the page made. Playwright gives it a fresh
 * profile in a temporary directory.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
