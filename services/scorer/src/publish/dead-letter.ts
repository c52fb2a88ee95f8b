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
 * PAN-masked because it may quote the input. The one exception: a record refused because
 * it carries a PAN is not copied at all (key and value dropped); its origin headers say
 * where to find it in the input topic, which the payment system must purge.
 */
export function deadLetter(topic: string, origin: Origin, error: FraudError): OutboundRecord {
  const pan = error.details.containsPan === true;
  return {
    topic,
    key: pan ? null : origin.key,
    value: pan ? null : origin.value,
    headers: {
      ...(pan ? { "x-redacted": "record withheld: it contains a PAN" } : {}),
      "x-origin-topic": origin.topic,
      "x-origin-partition": String(origin.partition),
      "x-origin-offset": origin.offset,
      "x-origin-timestamp": origin.timestamp,
      "x-error-code": error.code,
      "x-error-message": maskPans(error.message).slice(0, 1000),
    },
  };
}

/** The dead letters of one consumed batch's poison records, in offset order. */
export function deadLetters(
  topic: string,
  from: { topic: string; partition: number },
  rejected: readonly { raw: Omit<Origin, "topic" | "partition">; error: FraudError }[],
): OutboundRecord[] {
  return rejected.map((r) => deadLetter(topic, { topic: from.topic, partition: from.partition, ...r.raw }, r.error));
}
