import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { meterInvestorView } from "../../../../services/billing/meter_investor_view.ts";
import { archivePitch } from "../../../../services/pitches/archive_pitch.ts";
import { createPitch } from "../../../../services/pitches/create_pitch.ts";
import { deletePitch } from "../../../../services/pitches/delete_pitch.ts";
import { getPitch } from "../../../../services/pitches/get_pitch.ts";
import { pitchEtag } from "../../../../services/pitches/pitch_view.ts";
import { publishPitch } from "../../../../services/pitches/publish_pitch.ts";
import { updatePitch } from "../../../../services/pitches/update_pitch.ts";
import { requirePrincipal } from "../../../auth/guards.ts";
import { clientIp } from "../../../auth/client_ip.ts";
import { ifMatchHolds } from "../../../conditional.ts";
import { cachedJsonAnswer } from "../../../json_answer.ts";
import { validationHook } from "../../../validation.ts";
import {
  archivePitchRoute,
  createPitchRoute,
  deletePitchRoute,
  getPitchRoute,
  publishPitchRoute,
  updatePitchRoute,
} from "./crud_routes.ts";

/** One pitch: create, read, change, delete, publish, archive. */
export function pitchCrudRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(createPitchRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const fields = c.req.valid("json");
    const pitch = await createPitch({ ctx: c.get("deps"), input: { ownerId: userId, fields } });
    c.header("etag", pitchEtag(pitch));
    c.header("location", `/v1/pitches/${pitch.id}`);
    return c.json(pitch, 201);
  });

  router.openapi(getPitchRoute, async (c) => {
    const { id } = c.req.valid("param");
    const principal = c.get("principal");
    const viewerId = principal?.userId;
    const { pitch, viewerIsOwner } = await getPitch({
      ctx: c.get("deps"),
      input: { pitchId: id, viewerId, viewerAddress: clientIp(c) },
    });
    // Investors' first open of a pitch each month is metered, before any 304 can skip it.
    if (principal?.role === "investor" && !viewerIsOwner) {
      await meterInvestorView({
        ctx: c.get("deps"),
        input: { userId: principal.userId, pitchId: id },
      });
    }
    const headers = {
      etag: pitchEtag(pitch),
      "cache-control": cacheControl(viewerIsOwner, viewerId, pitch.visibility),
      // The answer depends on who asks (owners see more), so caches must key on the credential.
      vary: "Authorization, Cookie",
    };
    // A cached pitch is one object shared by every reader: its JSON is built once per fill.
    return cachedJsonAnswer(pitch, headers, c.req.valid("header")["if-none-match"]);
  });

  router.openapi(updatePitchRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { id } = c.req.valid("param");
    const pitch = await updatePitch({
      ctx: c.get("deps"),
      input: {
        pitchId: id,
        userId,
        changes: c.req.valid("json"),
        ifMatch: ifMatchCheck(c.req.valid("header")["if-match"]),
      },
    });
    c.header("etag", pitchEtag(pitch));
    return c.json(pitch, 200);
  });

  router.openapi(deletePitchRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { id } = c.req.valid("param");
    const ifMatch = ifMatchCheck(c.req.valid("header")["if-match"]);
    await deletePitch({ ctx: c.get("deps"), input: { pitchId: id, userId, ifMatch } });
    return c.body(null, 204);
  });

  router.openapi(publishPitchRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { id } = c.req.valid("param");
    const pitch = await publishPitch({ ctx: c.get("deps"), input: { pitchId: id, userId } });
    c.header("etag", pitchEtag(pitch));
    return c.json(pitch, 200);
  });

  router.openapi(archivePitchRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { id } = c.req.valid("param");
    const pitch = await archivePitch({ ctx: c.get("deps"), input: { pitchId: id, userId } });
    c.header("etag", pitchEtag(pitch));
    return c.json(pitch, 200);
  });

  return router;
}

/**
 * Owners' reads must never be stored anywhere (they include drafts). Only an anonymous read of a
 * public pitch may sit in shared caches; unlisted pitches and signed-in reads are revalidated.
 */
function cacheControl(owner: boolean, viewerId: string | undefined, visibility: string): string {
  if (owner) return "private, no-store";
  if (viewerId === undefined && visibility === "public") {
    return "public, max-age=30, stale-while-revalidate=300";
  }
  return "private, max-age=0, must-revalidate";
}

function ifMatchCheck(header: string | undefined): ((etag: string) => boolean) | undefined {
  return header === undefined ? undefined : (etag) => ifMatchHolds(header, etag);
}
