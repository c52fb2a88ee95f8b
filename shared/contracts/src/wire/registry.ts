/**
 * A minimal Confluent Schema Registry client: the three calls the codecs need.
 *   POST /subjects/{subject}/versions   {"schema": "<avro json>"} → {"id": n}  (idempotent)
 *   GET  /schemas/ids/{id}              → {"schema": "<avro json>"}; 404 when unknown
 *   GET  /subjects/{subject}/versions/latest → {"id", "version", "schema"}
 *   POST /subjects/{subject}            {"schema": "<avro json>"} → {"id", "version"}; 404 when
 *                                       not registered (lookup only: read-only credentials suffice)
 * Network errors, timeouts and 5xx are REGISTRY_UNAVAILABLE (transient); a 4xx on
 * register means our schema is refused (e.g. incompatible), which is CONFIG_INVALID (fatal).
 */
import { FraudError } from "@fraud/platform";

export interface RegistryOptions {
  url: string;
  auth?: { username: string; password: string };
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface RegistryClient {
  register(subject: string, schema: string): Promise<number>;
  /** The schema text of an id, or undefined when the registry does not know it. */
  schemaById(id: number): Promise<string | undefined>;
  latest(subject: string): Promise<{ id: number; version: number; schema: string } | undefined>;
  /** The id of a schema already registered under the subject, without registering it; undefined when it is not. */
  lookup(subject: string, schema: string): Promise<number | undefined>;
}

const CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

export function createRegistryClient(options: RegistryOptions): RegistryClient {
  const base = options.url.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = { accept: CONTENT_TYPE, "content-type": CONTENT_TYPE };
  if (options.auth) {
    const token = Buffer.from(`${options.auth.username}:${options.auth.password}`).toString("base64");
    headers["authorization"] = `Basic ${token}`;
  }

  async function call(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
    } catch (cause) {
      // The URL is logged without credentials: auth travels in a header, never in the URL.
      throw new FraudError("REGISTRY_UNAVAILABLE", `schema registry ${method} ${path} failed`, {
        cause,
        details: { path, method },
      });
    }
    const text = await res.text().catch(() => "");
    if (res.status >= 500 || res.status === 429) {
      throw new FraudError("REGISTRY_UNAVAILABLE", `schema registry ${method} ${path} answered ${res.status}`, {
        details: { path, method, status: res.status },
      });
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  }

  return {
    async register(subject, schema) {
      const path = `/subjects/${encodeURIComponent(subject)}/versions`;
      const { status, json } = await call("POST", path, { schema });
      const id = (json as { id?: unknown } | undefined)?.id;
      if (status !== 200 || typeof id !== "number") {
        throw new FraudError(
          "CONFIG_INVALID",
          `schema registry refused ${subject}: ${status} ${JSON.stringify(json)}`,
          {
            details: { subject, status },
          },
        );
      }
      return id;
    },
    async lookup(subject, schema) {
      const path = `/subjects/${encodeURIComponent(subject)}`;
      const { status, json } = await call("POST", path, { schema });
      const id = (json as { id?: unknown } | undefined)?.id;
      if (status === 200 && typeof id === "number") return id;
      if (status === 404) return undefined;
      throw new FraudError("CONFIG_INVALID", `schema registry lookup of ${subject} answered ${status}`, {
        details: { subject, status },
      });
    },
    async schemaById(id) {
      const { status, json } = await call("GET", `/schemas/ids/${id}`);
      const schema = (json as { schema?: unknown } | undefined)?.schema;
      if (status === 200 && typeof schema === "string") return schema;
      if (status === 404) return undefined;
      throw new FraudError("REGISTRY_UNAVAILABLE", `schema registry GET /schemas/ids/${id} answered ${status}`, {
        details: { schemaId: id, status },
      });
    },
    async latest(subject) {
      const { status, json } = await call("GET", `/subjects/${encodeURIComponent(subject)}/versions/latest`);
      if (status === 404) return undefined;
      const v = json as { id?: unknown; version?: unknown; schema?: unknown } | undefined;
      if (
        status === 200 &&
        typeof v?.id === "number" &&
        typeof v.version === "number" &&
        typeof v.schema === "string"
      ) {
        return { id: v.id, version: v.version, schema: v.schema };
      }
      throw new FraudError("REGISTRY_UNAVAILABLE", `schema registry latest ${subject} answered ${status}`, {
        details: { subject, status },
      });
    },
  };
}
