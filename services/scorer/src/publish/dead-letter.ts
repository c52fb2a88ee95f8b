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
 */
export function deadLetter(topic: string, origin: Origin, error: FraudError): OutboundRecord {
  return {
    topic,
    key: origin.key,
    value: origin.value,
    headers: {
      "x-origin-topic": origin.topic,
      "x-origin-partition": String(origin.partition),
      "x-origin-offset": origin.offset,
      "x-origin-timestamp": origin.timestamp,
      "x-error-code": error.code,
      "x-error-message": maskPans(error.message).slice(0, 1000),
    },
  };
}
