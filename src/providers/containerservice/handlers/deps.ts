// What the AKS handlers need from the outside world, injected once at startup.
import type { Clock } from "../../../clock/clock.js";
import type { Engine } from "../../../engine/engine.js";
import type { Store } from "../../../store/store.js";

export type AksDeps = {
  store: Store;
  engine: Engine;
  clock: Clock;
  newId: () => string;
  newEtag: () => string;
  caCertPem: string;
  /** A bearer token for kubeconfigs (the Kubernetes facade accepts the emulator's tokens). */
  issueKubeToken: (opts: { objectId: string; clientId: string; tenantId: string; origin: string; issuedAt: number; uti: string }) => string;
};
