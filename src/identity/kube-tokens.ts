// Bearer tokens for a cluster's Kubernetes API, as `az aks get-credentials` puts them in kubeconfigs.
import type { KeyObject } from "node:crypto";
import { readSignedJwt, signJwt } from "./jwt.js";
import { SKEW_MS } from "./token-rules.js";

// The Kubernetes API's audience: the AKS server application id that kubelogin and AKS use.
export const KUBE_AUDIENCE = "6dae42f8-4368-4678-94ff-3960e28e3630";

export type KubeTokenRequest = { objectId: string; clientId: string; tenantId: string; origin: string; issuedAt: number; uti: string };

/**
 * Real AKS hands out the same kubeconfig on every call (so `az aks get-credentials` can run again
 * without a conflict): the token is fixed by cluster, role and principal. RS256 signatures are
 * deterministic, so the same claims give the same bytes.
 */
export function kubeTokenIssuer(key: { privateKey: KeyObject; kid: string }): (p: KubeTokenRequest) => string {
  return (p) => {
    const iat = Math.floor(p.issuedAt / 1000);
    return signJwt({ aud: KUBE_AUDIENCE, iss: `${p.origin}/${p.tenantId}/v2.0`, iat, nbf: iat, exp: iat + 10 * 365 * 86400, oid: p.objectId, sub: p.objectId, tid: p.tenantId, appid: p.clientId, azp: p.clientId, idtyp: "app", ver: "2.0", uti: p.uti }, key);
  };
}

/** Who a token for AKS's server app names: what run command's `clusterToken` carries (az 2.45 sends one on an Entra ID cluster). */
export type KubeTokenSubject = { objectId: string; clientId: string; tenantId: string };

/**
 * The subject of a token the emulator signed for the Kubernetes audience (a kubeconfig's, or one
 * from its Entra ID endpoint for `6dae42f8-...`, as `az account get-access-token --resource` and
 * az's run command ask for), still valid at `nowMs`; undefined for anything else.
 */
export function kubeTokenReader(publicKey: KeyObject, nowMs: () => number): (token: string) => KubeTokenSubject | undefined {
  return (token) => {
    const c = readSignedJwt(token, publicKey);
    if (!c || c["aud"] !== KUBE_AUDIENCE || typeof c["exp"] !== "number" || c["exp"] * 1000 + SKEW_MS < nowMs()) return undefined;
    const { oid, tid } = c;
    const clientId = typeof c["appid"] === "string" ? c["appid"] : c["azp"];
    if (typeof oid !== "string" || typeof tid !== "string" || typeof clientId !== "string") return undefined;
    return { objectId: oid, clientId, tenantId: tid };
  };
}
