/**
 * The composition of codecs a service uses. Two id spaces, never mixed:
 *   - no registry: wire ids are the catalogue ids (schemas/catalogue.json);
 *   - a registry: every local version of each subject is registered, oldest first,
 *     and the registry's ids are the wire ids; ids written by others are fetched
 *     in prepare() so decode can stay synchronous.
 */
import { loadCatalogue, parseSchema } from "../schemas.js";
import { type Alert, type Decision, type Label, type RecordKind, SUBJECTS, type Transaction } from "../types.js";
import { createRecordCodec, type RecordCodec, type Writer } from "./codec.js";
import { peekSchemaId } from "./header.js";
import { createRegistryClient, type RegistryClient } from "./registry.js";

export interface Codecs {
  transaction: RecordCodec<Transaction>;
  label: RecordCodec<Label>;
  decision: RecordCodec<Decision>;
  alert: RecordCodec<Alert>;
  /** Fetch any writer schema ids in these values not yet cached (registry only); call once per batch before decode. Registry down → FraudError REGISTRY_UNAVAILABLE (transient). */
  prepare(values: Array<Buffer | null | undefined>): Promise<void>;
}

export interface CodecsOptions {
  registryUrl?: string;
  registryAuth?: { username: string; password: string };
  fetch?: typeof fetch;
  /** Reader (and encode) schema version per kind; default latest. Lets tests play an old service. */
  readerVersions?: Partial<Record<RecordKind, number>>;
}

const KINDS: readonly RecordKind[] = ["transaction", "label", "decision", "alert"];

export async function createCodecs(options: CodecsOptions = {}): Promise<Codecs> {
  const catalogue = loadCatalogue();
  const writers = new Map<number, Writer>();
  const encodeIds = new Map<string, Map<number, number>>(); // subject → version → wire id
  let registry: RegistryClient | undefined;

  if (options.registryUrl) {
    registry = createRegistryClient({ url: options.registryUrl, auth: options.registryAuth, fetch: options.fetch });
    for (const kind of KINDS) {
      const subject = SUBJECTS[kind];
      const ids = new Map<number, number>();
      for (const sv of catalogue.versions(subject)) {
        const id = await registry.register(subject, sv.text);
        ids.set(sv.version, id);
        if (!writers.has(id)) writers.set(id, { id, type: sv.type });
      }
      encodeIds.set(subject, ids);
    }
  } else {
    for (const sv of catalogue.byId.values()) {
      writers.set(sv.id, { id: sv.id, type: sv.type });
      const ids = encodeIds.get(sv.subject) ?? new Map<number, number>();
      ids.set(sv.version, sv.id);
      encodeIds.set(sv.subject, ids);
    }
  }

  function codec<T>(kind: RecordKind): RecordCodec<T> {
    const subject = SUBJECTS[kind];
    const reader = catalogue.get(subject, options.readerVersions?.[kind]);
    const encoders = new Map(
      catalogue
        .versions(subject)
        .map((sv) => [sv.version, { id: encodeIds.get(subject)!.get(sv.version)!, type: sv.type }]),
    );
    return createRecordCodec<T>({ subject, reader: reader.type, readerVersion: reader.version, encoders, writers });
  }

  const inflight = new Map<number, Promise<void>>();
  async function fetchWriter(client: RegistryClient, id: number): Promise<void> {
    const text = await client.schemaById(id);
    if (text === undefined) return; // unknown: decode raises DECODE_UNKNOWN_SCHEMA for that record only
    try {
      writers.set(id, { id, type: parseSchema(text) });
    } catch {
      // Not an Avro schema we can parse (e.g. Protobuf): its records stay unknown, which is poison, not an outage.
    }
  }

  async function prepare(values: Array<Buffer | null | undefined>): Promise<void> {
    if (!registry) return;
    const client = registry;
    const pending: Promise<void>[] = [];
    for (const value of values) {
      const id = peekSchemaId(value);
      if (id === undefined || writers.has(id)) continue;
      let p = inflight.get(id);
      if (!p) {
        p = fetchWriter(client, id).finally(() => inflight.delete(id));
        inflight.set(id, p);
      }
      pending.push(p);
    }
    if (pending.length > 0) await Promise.all(pending);
  }

  return Object.freeze({
    transaction: codec<Transaction>("transaction"),
    label: codec<Label>("label"),
    decision: codec<Decision>("decision"),
    alert: codec<Alert>("alert"),
    prepare,
  });
}
