import { SWAGGER_INIT_SCRIPT } from "./swagger_init.ts";

/** One file of the docs viewer, ready to send. */
export interface ViewerAsset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
}

/** The viewer's files by name, under a path segment that changes whenever any of them does. */
export interface ViewerAssets {
  /** A hash of every file: the URL segment that lets browsers cache the files forever. */
  release: string;
  files: ReadonlyMap<string, ViewerAsset>;
}

/** The file names the docs page refers to. */
export const VIEWER_SCRIPT = "swagger-ui-bundle.js";
export const VIEWER_STYLESHEET = "swagger-ui.css";
export const VIEWER_INIT = "init.js";

let loaded: Promise<ViewerAssets> | undefined;

/** Reads and hashes the viewer files once per isolate, on first use. */
export function loadViewerAssets(): Promise<ViewerAssets> {
  loaded ??= buildAssets().catch((error) => {
    // A failed load is retried by the next request rather than cached.
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function buildAssets(): Promise<ViewerAssets> {
  const { VIEWER_FILES } = await import("./viewer_files.ts");
  const encoder = new TextEncoder();
  const js = "text/javascript; charset=utf-8";
  const files = new Map<string, ViewerAsset>([
    [VIEWER_SCRIPT, { body: encoder.encode(VIEWER_FILES.bundle), contentType: js }],
    [VIEWER_STYLESHEET, {
      body: encoder.encode(VIEWER_FILES.stylesheet),
      contentType: "text/css; charset=utf-8",
    }],
    [VIEWER_INIT, { body: encoder.encode(SWAGGER_INIT_SCRIPT), contentType: js }],
  ]);
  return { release: await releaseHash(files), files };
}

async function releaseHash(files: ReadonlyMap<string, ViewerAsset>): Promise<string> {
  const parts = [...files.values()].map((file) => file.body);
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return [...digest.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
