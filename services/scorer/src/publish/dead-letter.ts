import { createHash } from "node:crypto";
import { type FraudError, maskPans } from "@fraud/platform";
import type { OutboundRecord } from "./sink.js";

/** Where a consumed record came from; enough to find it again and to replay it. */
export interface Origin {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
}

/**
 * A poison record goes to the dead-letter topic byte for byte, with its origin and the
 * error in headers, so nothing is lost and it can be replayed once fixed. The message is
 * PAN-masked because it may quote the input.
 *
 * A dead letter must always be publishable, or one record would stop its partition:
 *   - it is sent gzip-compressed. kafkajs does not tell a consumer how a record was
 *     compressed, and the broker's size limit applies to the compressed batch, so a
 *     record that fitted compressed on the way in fits compressed on the way out;
 *   - it carries a `withheld` variant (no key, no value; origin, error, sizes and a
 *     SHA-256 digest of key and value) which the sink sends instead when the broker
 *     still refuses the copy (MESSAGE_TOO_LARGE).
 * A record refused because it carries a PAN is never copied (key and value dropped, and
 * no digest: a card number's digest can be brute-forced); its origin headers say where to
 * find it in the input topic, which the payment system must purge.
 */
export function deadLetter(topic: string, origin: Origin, error: FraudError): OutboundRecord {
  const pan = error.details.containsPan === true;
  const headers = {
    "x-origin-topic": origin.topic,
    "x-origin-partition": String(origin.partition),
    "x-origin-offset": origin.offset,
    "x-origin-timestamp": origin.timestamp,
    "x-error-code": error.code,
    "x-error-message": maskPans(error.message).slice(0, 1000),
  };
  if (pan) {
    return {
      topic,
      key: null,
      value: null,
      headers: { "x-redacted": "record withheld: it contains a PAN", ...headers },
      // Same codec as every dead letter: one send, so the topic keeps offset order.
      compression: "gzip",
    };
  }
  return {
    topic,
    key: origin.key,
    value: origin.value,
    headers,
    compression: "gzip",
    withheld: {
      topic,
      key: null,
      value: null,
      headers: {
        "x-redacted": "record withheld: the broker refused the copy (too large)",
        ...headers,
        "x-original-key-bytes": String(origin.key?.length ?? -1),
        "x-original-value-bytes": String(origin.value?.length ?? -1),
        "x-original-sha256": digest(origin),
      },
      compression: "gzip",
    },
  };
}

/** SHA-256 over the key's and value's lengths and bytes: identifies the record in the input topic. */
function digest(origin: Origin): string {
  const h = createHash("sha256");
  for (const part of [origin.key, origin.value]) {
    const len = Buffer.alloc(4);
    len.writeInt32BE(part?.length ?? -1);
    h.update(len);
    if (part) h.update(part);
  }
  return h.digest("hex");
}

/** The dead letters of one consumed batch's poison records, in offset order. */
export function deadLetters(
  topic: string,
  from: { topic: string; partition: number },
  rejected: readonly { raw: Omit<Origin, "topic" | "partition">; error: FraudError }[],
): OutboundRecord[] {
  return rejected.map((r) => deadLetter(topic, { topic: from.topic, partition: from.partition, ...r.raw }, r.error));
}
