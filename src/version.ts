// aksemu's version, as package.json says it (a unit test keeps the two equal): in snapshots and /_aksemu/health.
export const AKSEMU_VERSION = "0.1.0";
