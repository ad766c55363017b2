// The recorder's switch (/_aksemu/recording): start to a file, stop, and what it is doing.
import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute } from "node:path";
import { apiError } from "../arm/error-catalog.js";
import type { Reply, RequestContext } from "../arm/http.js";
import { isObject } from "../arm/json.js";
/** What the control API needs of the recorder (server/recorder.ts, passed in by the composition root). */
export type RecorderSwitch = { start(file: string): void; stop(): Promise<void>; state(): { recording: boolean; file: string | null; exchanges: number } };

export function recordingHandlers(recorder: RecorderSwitch) {
  const state = (): Reply => ({ status: 200, body: recorder.state() });
  const start = (ctx: RequestContext): Reply => {
    const file = isObject(ctx.body) ? ctx.body["file"] : undefined;
    if (typeof file !== "string" || !isAbsolute(file)) throw apiError("controlBadRequest", { message: `'file' must be an absolute path for the recording, got ${JSON.stringify(file ?? null)}.` });
    if (!existsSync(dirname(file)) || !statSync(dirname(file)).isDirectory()) throw apiError("controlBadRequest", { message: `The folder of '${file}' does not exist.` });
    recorder.start(file);
    return state();
  };
  const stop = async (): Promise<Reply> => {
    await recorder.stop();
    return state();
  };
  return { state, start, stop };
}
