import type { Label, Transaction } from "@fraud/contracts";

/** A record on its way to Kafka, with the key it is published under (the card token for both kinds). */
export type Outgoing = { kind: "transaction"; tx: Transaction } | { kind: "label"; label: Label; key: string };

/** Where replay and the simulator publish; the Kafka sink is one, tests use an array. */
export interface Publisher {
  publish(o: Outgoing): void | Promise<void>;
  close(): Promise<void>;
}
