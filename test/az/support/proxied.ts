// An emulator for the az tier: proxy mode on, on whatever CONNECT port listen() chose.
import { startEmulator, type Emulator, type EmulatorOptions } from "../../support/emulator.js";

export async function startProxied(opts: EmulatorOptions): Promise<{ emu: Emulator; proxyPort: number }> {
  const emu = await startEmulator({ ...opts, config: { ...opts.config, proxyPort: 0 } });
  return { emu, proxyPort: emu.proxyPort! };
}
