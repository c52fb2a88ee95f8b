import type { Alert, Decision, Label, Transaction } from "@fraud/contracts";

export const T0 = Date.UTC(2026, 0, 1, 12, 30, 15, 123);

export function transaction(over: Partial<Transaction> = {}): Transaction {
  return {
    transaction_id: "tx-0001",
    event_time: T0,
    card_token: "tok_9f8e7d",
    terminal_id: "term-42",
    amount_minor: 12_345,
    currency: "EUR",
    merchant_category: "5411",
    channel: "ecom",
    country: null,
    customer_id: null,
    ...over,
  };
}

export function label(over: Partial<Label> = {}): Label {
  return {
    label_id: "lab-1",
    transaction_id: "tx-0001",
    label_time: T0 + 86_400_000,
    is_fraud: true,
    source: "chargeback",
    ...over,
  };
}

export function decision(over: Partial<Decision> = {}): Decision {
  return {
    transaction_id: "tx-0001",
    card_token: "tok_9f8e7d",
    terminal_id: "term-42",
    event_time: T0,
    amount_minor: 12_345,
    currency: "EUR",
    score: 0.8125,
    decision: "review",
    review_threshold: 0.5,
    decline_threshold: 0.9,
    model_version: "m-2026-01-01",
    feature_set_version: "fs-1",
    features: { card_tx_count_1h: 3, terminal_fraud_rate_7d: 0.25 },
    scored_at: T0 + 7,
    matched_rules: ["card-testing-burst"],
    rules_version: "example-0123456789ab",
    model_decision: "approve",
    verdict_reason: "review rule card-testing-burst matched",
    merchant_category: "5411",
    channel: null,
    country: "FR",
    customer_id: null,
    shadow: null,
    ...over,
  };
}

export function alert(over: Partial<Alert> = {}): Alert {
  const { review_threshold: _r, decline_threshold: _d, shadow: _s, ...d } = decision();
  return {
    ...d,
    threshold: 0.5,
    reasons: [
      {
        feature: "card_tx_count_1h",
        value: 3,
        contribution: 0.31,
        detail: "3 payments on this card in the last hour",
        code: "R_CARD_VELOCITY_1H",
      },
      {
        feature: "terminal_fraud_rate_7d",
        value: 0.25,
        contribution: 0.12,
        detail: "terminal, 25% fraud, 7 days",
        code: "R_TERMINAL_FRAUD_RISK_7D",
      },
    ],
    reasons_method: "treeshap",
    reasons_base: -3.5,
    ...over,
  };
}
