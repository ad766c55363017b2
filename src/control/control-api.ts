// The emulator's own API under /_aksemu/: virtual time (more will follow: faults, scenarios).
import { apiError } from "../arm/error-catalog.js";
import type { Reply, RequestContext } from "../arm/http.js";
import { isObject } from "../arm/json.js";
import { parseIsoDuration } from "../arm/iso-duration.js";
import type { Clock } from "../clock/clock.js";
import type { Engine } from "../engine/engine.js";

export function controlHandlers(deps: { clock: Clock; engine: Engine }) {
  const { clock, engine } = deps;
  const state = (): Reply => ({
    status: 200,
    body: { mode: clock.mode, speed: clock.mode === "realtime" ? clock.speed : clock.mode === "manual" ? 0 : null, now: new Date(clock.now()).toISOString() },
  });

  const advance = (ctx: RequestContext): Reply => {
    if (clock.mode !== "manual") throw apiError("clockNotManual", { mode: clock.mode });
    const body = isObject(ctx.body) ? ctx.body : {};
    let target: number;
    if (typeof body["by"] === "string") {
      const ms = parseIsoDuration(body["by"]);
      if (ms === undefined) throw apiError("controlBadRequest", { message: `'by' must be an ISO 8601 duration such as "PT5M", got '${body["by"]}'.` });
      target = clock.now() + ms;
    } else if (typeof body["to"] === "string") {
      const t = Date.parse(body["to"]);
      if (!Number.isFinite(t) || !/^\d{4}-\d{2}-\d{2}T/.test(body["to"])) throw apiError("controlBadRequest", { message: `'to' must be an RFC 3339 time, got '${body["to"]}'.` });
      if (t < clock.now()) throw apiError("controlBadRequest", { message: `'to' (${body["to"]}) is before the current virtual time ${new Date(clock.now()).toISOString()}; time only moves forward.` });
      target = t;
    } else {
      throw apiError("controlBadRequest", { message: 'Give either {"by":"PT5M"} (ISO 8601 duration) or {"to":"<RFC 3339 time>"}.' });
    }
    clock.advanceTo(target);
    engine.catchUp();
    // An acknowledged advance is durable: a restart never takes the manual clock back.
    engine.commit({ meta: [["clock", { now: clock.now() }]] });
    return state();
  };

  return { state, advance };
}
