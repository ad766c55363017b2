// The official clients, pointed at a test emulator exactly as a user would point them
// (endpoint, authorityHost, disableInstanceDiscovery; the CA comes from NODE_EXTRA_CA_CERTS).
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ContainerServiceClient as PreviewContainerServiceClient } from "@azure/arm-containerservice-preview";
import { ClientSecretCredential } from "@azure/identity";
import { CLIENT_ID, CLIENT_SECRET, SUB, TENANT, type Emulator } from "./emulator.js";

export function credentialFor(emu: Emulator): ClientSecretCredential {
  return new ClientSecretCredential(TENANT, CLIENT_ID, CLIENT_SECRET, { authorityHost: emu.url, disableInstanceDiscovery: true });
}

export function sdkClients(emu: Emulator) {
  const credential = credentialFor(emu);
  return {
    credential,
    client: new ContainerServiceClient(credential, SUB, { endpoint: emu.url }),
    preview: new PreviewContainerServiceClient(credential, SUB, { endpoint: emu.url }),
  };
}

/** Poll fast in tests: the SDK's default is 2 s between polls unless Retry-After says otherwise. */
export const FAST = { updateIntervalInMs: 20 } as const;
