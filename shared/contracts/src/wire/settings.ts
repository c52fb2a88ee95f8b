import { duration, loadConfig, oneOf, secret, str } from "@fraud/platform";
import { type Codecs, type CodecsOptions, createCodecs } from "./codecs.js";

/** Schema-registry settings, shared by every service that decodes or encodes records. */
export const registrySettings = {
  schemaRegistryUrl: str(
    "SCHEMA_REGISTRY_URL",
    "Confluent-compatible schema registry; empty uses the project's schema catalogue.",
    "",
  ),
  schemaRegistryUsername: str("SCHEMA_REGISTRY_USERNAME", "Schema registry basic-auth user.", ""),
  schemaRegistryPassword: secret("SCHEMA_REGISTRY_PASSWORD", "Schema registry basic-auth password."),
  schemaRegistryMode: oneOf(
    "SCHEMA_REGISTRY_MODE",
    "register: register the project's schemas at start (needs write access); lookup: only look their ids up (read-only credentials; the schemas must be registered beforehand, e.g. by CI).",
    ["register", "lookup"] as const,
    "register",
  ),
  schemaRegistryStartTimeoutMs: duration(
    "SCHEMA_REGISTRY_START_TIMEOUT",
    "How long to keep retrying an unreachable registry at start before giving up.",
    60_000,
    "60s",
  ),
};

export interface RegistryConfig {
  schemaRegistryUrl: string;
  schemaRegistryUsername: string;
  schemaRegistryPassword: string;
  schemaRegistryMode?: "register" | "lookup";
  schemaRegistryStartTimeoutMs?: number;
}

/** createCodecs options from the parsed settings: the catalogue unless a registry is set. */
export function codecsOptions(c: RegistryConfig): CodecsOptions {
  if (!c.schemaRegistryUrl) return {};
  return {
    registryUrl: c.schemaRegistryUrl,
    registryMode: c.schemaRegistryMode ?? "register",
    registryStartTimeoutMs: c.schemaRegistryStartTimeoutMs ?? 60_000,
    ...(c.schemaRegistryUsername
      ? { registryAuth: { username: c.schemaRegistryUsername, password: c.schemaRegistryPassword } }
      : {}),
  };
}

/**
 * The codecs of a tool or service from the environment: the registry when
 * SCHEMA_REGISTRY_URL is set, else the catalogue. Every producer and consumer builds its
 * codecs here or through codecsOptions, so none writes catalogue ids to a shared registry's topics.
 */
export async function codecsFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Codecs> {
  return createCodecs(codecsOptions(loadConfig(registrySettings, env)));
}
