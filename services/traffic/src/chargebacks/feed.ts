import type { SimEvent, SimLabel } from "../simulate/model.js";
import type { Rng } from "../simulate/prng.js";
import { type ChargebackParams, chargebackDelay } from "./delay.js";

/** What the feed publishes: the label and the card it is keyed by. */
export interface LabelEvent {
  label: SimLabel;
  cardToken: string;
}

/** The chargeback for one simulated event, if it is fraud and gets reported. label_id derives from the transaction id. */
export function chargebackFor(e: SimEvent, p: ChargebackParams, rng: Rng): LabelEvent | undefined {
  if (!e.truth.is_fraud) return undefined;
  const delay = chargebackDelay(p, rng);
  if (delay === undefined) return undefined;
  return {
    cardToken: e.tx.card_token,
    label: {
      label_id: `cb_${e.tx.transaction_id}`,
      transaction_id: e.tx.transaction_id,
      label_time: e.tx.event_time + delay,
      is_fraud: true,
      source: "chargeback",
    },
  };
}
