// The step runners an engine in a unit test gets, as the composition root (src/server/app.ts) wires
// them: every provider's under the name its operations carry, and the drain runner, here with no
// cluster's Kubernetes world (a world never used holds no pods: a drain evicts nothing).
import assert from "node:assert/strict";
import type { StepRunner } from "../../../src/engine/step-runner.js";
import { KUBERNETES_STEPS } from "../../../src/kube/drain.js";
import { drainStepRunner } from "../../../src/kube/drain-steps.js";
import { PROVIDERS } from "../../../src/providers/index.js";
import { providerName } from "../../../src/providers/provider.js";

export function providerRunners(): Map<string, StepRunner> {
  const drains = drainStepRunner({ api: () => assert.fail("no Kubernetes API in this test"), clusters: () => undefined, newId: () => "drain", word: (f) => f.error });
  return new Map<string, StepRunner>([...PROVIDERS.map((p) => [providerName(p), p.runner] as const), [KUBERNETES_STEPS, drains]]);
}
