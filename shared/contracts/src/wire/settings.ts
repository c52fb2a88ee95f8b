import { secret, str } from "@fraud/platform";
import type { CodecsOptions } from "./codecs.js";

/** Schema-registry settings, shared by every service that decodes or encodes records. */
export const registrySettings = {
  schemaRegistryUrl: str(
    "SCHEMA_REGISTRY_URL",
    "Confluent-compatible schema registry; empty uses the project's schema catalogue.",
    "",
  ),
  schemaRegistryUsername: str("SCHEMA_REGISTRY_USERNAME", "Schema registry basic-auth user.", ""),
  schemaRegistryPassword: secret("SCHEMA_REGISTRY_PASSWORD", "Schema registry basic-auth password."),
};

export interface RegistryConfig {
  schemaRegistryUrl: string;
  schemaRegistryUsername: string;
  schemaRegistryPassword: string;
}

/** createCodecs options from the parsed settings: the catalogue unless a registry is set. */
export function codecsOptions(c: RegistryConfig): CodecsOptions {
  if (!c.schemaRegistryUrl) return {};
  return {
    registryUrl: c.schemaRegistryUrl,
    ...(c.schemaRegistryUsername
      ? { registryAuth: { username: c.schemaRegistryUsername, password: c.schemaRegistryPassword } }
      : {}),
  };
}
