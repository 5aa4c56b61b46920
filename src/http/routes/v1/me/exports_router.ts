import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { downloadExport } from "../../../../services/exports/download_export.ts";
import { exportPath } from "../../../../services/exports/export_view.ts";
import { getExport } from "../../../../services/exports/get_export.ts";
import { listExports } from "../../../../services/exports/list_exports.ts";
import { requestExport } from "../../../../services/exports/request_export.ts";
import { requirePrincipal } from "../../../auth/guards.ts";
import { validationHook } from "../../../validation.ts";
import {
  downloadExportRoute,
  getExportRoute,
  listExportsRoute,
  requestExportRoute,
} from "./export_routes.ts";

const CONTENT_TYPES = { csv: "text/csv; charset=utf-8", json: "application/json; charset=utf-8" };

/** The caller's exports: request one (metered), follow it, download the file while it lasts. */
export function exportsRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(requestExportRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { kind, format } = c.req.valid("json");
    const view = await requestExport({ ctx: c.get("deps"), input: { userId, kind, format } });
    c.header("location", exportPath(view.id));
    return c.json(view, 202);
  });

  router.openapi(listExportsRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const items = await listExports({ ctx: c.get("deps"), input: { userId } });
    c.header("cache-control", "private, no-store");
    return c.json({ items }, 200);
  });

  router.openapi(getExportRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { id } = c.req.valid("param");
    const view = await getExport({ ctx: c.get("deps"), input: { userId, exportId: id } });
    c.header("cache-control", "private, no-store");
    return c.json(view, 200);
  });

  router.openapi(downloadExportRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { id } = c.req.valid("param");
    const file = await downloadExport({ ctx: c.get("deps"), input: { userId, exportId: id } });
    const date = file.createdAt.toISOString().slice(0, 10);
    const headers: Record<string, string> = {
      "content-type": CONTENT_TYPES[file.format],
      "content-disposition": `attachment; filename="pitchey-${file.kind}-${date}.${file.format}"`,
      "cache-control": "private, no-store",
    };
    if (file.sizeBytes !== null) headers["content-length"] = String(file.sizeBytes);
    return c.body(file.body, 200, headers);
  });

  return router;
}
