// The portal tier's browser: Debian's Chromium driven by playwright-core (no browser download),
// headless, with a fresh profile per file, trusting the emulator's test certificate authority
// through ignoreHTTPSErrors. Screenshots go to test/portal/artifacts/ (gitignored).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { CLIENT_ID, CLIENT_SECRET, startEmulator, type Emulator } from "../support/emulator.js";
import { advance, createCluster, refreshing } from "../http/helpers.js";

export const CHROMIUM = process.env["AKSEMU_CHROMIUM"] ?? "/usr/bin/chromium";
export const ARTIFACTS = join(import.meta.dirname, "artifacts");

export type Portal = { page: Page; context: BrowserContext; shot(name: string): Promise<void>; close(): Promise<void> };

export async function openPortal(emu: Emulator): Promise<Portal> {
  const profile = mkdtempSync(join(tmpdir(), "aksemu-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    ignoreHTTPSErrors: true,
    acceptDownloads: true,
    viewport: { width: 1400, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  // A script error in the page fails the test that meets it.
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${emu.url}/`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    page,
    context,
    shot: async (name) => void (await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) })),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (errors.length > 0) throw new Error(`errors in the page: ${errors.join("; ")}`);
    },
  };
}

/** Signs in through the form (the default principal's credentials are prefilled). */
export async function signIn(page: Page, clientId = CLIENT_ID, secret = CLIENT_SECRET): Promise<void> {
  await page.getByLabel("Client ID").fill(clientId);
  await page.getByLabel("Client secret").fill(secret);
  await page.locator("#sign-in").click();
  await page.locator("#signed-in-as").filter({ hasText: clientId }).waitFor();
}

/** Dismisses every notification on screen, as a user closes them (they cover what is under them). */
export async function dismissNotifications(page: Page): Promise<void> {
  const close = page.locator("#notifications fluent-button[aria-label='Dismiss notification']");
  while ((await close.count()) > 0) await close.first().click();
}

/** A test file's emulator (cluster c1 in group rg1, manual clock) and browser, filled in before its first test. */
export type PortalFile = { emu: Emulator; portal: Portal; page: Page };

/** Registers the file's before/after hooks; `signIn: false` leaves the page at the sign-in form; `then` runs last in `before`. */
export function usePortal(opts: { signIn?: boolean; then?: (s: PortalFile) => Promise<void> } = {}): PortalFile {
  const s = {} as PortalFile;
  before(async () => {
    s.emu = refreshing(await startEmulator());
    await s.emu.createGroup("rg1");
    await createCluster(s.emu, "rg1", "c1");
    s.portal = await openPortal(s.emu);
    s.page = s.portal.page;
    if (opts.signIn !== false) await signIn(s.page);
    await opts.then?.(s);
  });
  after(async () => {
    await s.portal?.close();
    await s.emu?.close();
  });
  return s;
}

/** The trimmed text of what `selector` finds. */
export const textOf = async (page: Page, selector: string): Promise<string> => (await page.locator(selector).innerText()).trim();

/** Advances the manual clock until `selector` shows `wanted` (the page polls on its own). */
export async function driveUntil(s: PortalFile, selector: string, wanted: string, step = "PT1M", max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await s.page.locator(selector).textContent())?.trim() === wanted) return;
    await advance(s.emu, step);
    await s.page.waitForTimeout(250);
  }
  assert.equal(await textOf(s.page, selector), wanted);
}
