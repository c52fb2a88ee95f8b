import { genuineDay } from "./genuine.js";
import { DAY_MS, FRAUD_SCENARIOS, type FraudScenario, type Population, type SimEvent } from "./model.js";
import { createPopulation, DEFAULT_POPULATION, type PopulationParams } from "./population.js";
import { createRng } from "./prng.js";
import { accountTakeover } from "./scenarios/account-takeover.js";
import { cardTesting } from "./scenarios/card-testing.js";
import { compromisedTerminal } from "./scenarios/compromised-terminal.js";
import type { ScenarioModel } from "./scenarios/context.js";
import { highAmount } from "./scenarios/high-amount.js";

export interface SimParams {
  seed: number;
  /** Epoch ms of the first simulated day's midnight (UTC). */
  start: number;
  population: PopulationParams;
  /** Target share of fraudulent transactions, e.g. 0.01. */
  fraudRate: number;
  /** Relative share of fraudulent transactions per scenario (need not sum to 1). */
  mix: Record<FraudScenario, number>;
}

export const DEFAULT_MIX: Record<FraudScenario, number> = {
  card_testing: 0.3,
  account_takeover: 0.3,
  compromised_terminal: 0.25,
  high_amount: 0.15,
};

export const SCENARIOS: Record<FraudScenario, ScenarioModel> = {
  card_testing: cardTesting,
  account_takeover: accountTakeover,
  compromised_terminal: compromisedTerminal,
  high_amount: highAmount,
};

export type SimInput = Partial<Omit<SimParams, "population">> & {
  seed: number;
  start: number;
  population?: Partial<PopulationParams>;
};

export function simParams(p: SimInput): SimParams {
  return {
    fraudRate: 0.01,
    mix: DEFAULT_MIX,
    ...p,
    population: { ...DEFAULT_POPULATION, ...p.population },
  };
}

export interface Simulator {
  readonly params: SimParams;
  readonly population: Population;
  /** Events of the days [from, to) in event-time order; fraud that would fall after `to` is dropped. */
  days(count: number): Generator<SimEvent>;
}

/**
 * Fast-forward simulation, one day at a time. Incidents may reach into later days
 * (a takeover lasts up to two days, skimmed cards are used for up to five), so each
 * day's events wait in `pending` and a day is released only once every incident that
 * could still add to it has been drawn: events before the end of day d are final once
 * day d is generated, because later days only schedule later events.
 */
export function createSimulator(params: SimParams): Simulator {
  const root = createRng(params.seed);
  const population = createPopulation(params.population, root.fork("population"));
  const genuineRng = root.fork("genuine");
  const fraudRng = root.fork("fraud");
  const prefix = `tx_${(params.seed >>> 0).toString(16).padStart(8, "0")}_`;
  let counter = 0;
  const newId = () => prefix + (counter++).toString(16).padStart(8, "0");

  const perDay = population.cards.reduce((s, c) => s + c.txPerDay, 0);
  const fraudPerDay = (perDay * params.fraudRate) / Math.max(1e-9, 1 - params.fraudRate);
  const mixTotal = FRAUD_SCENARIOS.reduce((s, k) => s + (params.mix[k] ?? 0), 0) || 1;
  const incidentsPerDay = FRAUD_SCENARIOS.map(
    (k) => [k, (fraudPerDay * (params.mix[k] ?? 0)) / mixTotal / SCENARIOS[k].meanTransactions(population)] as const,
  );
  let incidentNo = 0;

  function* days(count: number): Generator<SimEvent> {
    let pending: SimEvent[] = [];
    for (let d = 0; d < count; d++) {
      const dayStart = params.start + d * DAY_MS;
      const today = [];
      for (const card of population.cards) today.push(...genuineDay(card, dayStart, population, genuineRng, newId));
      for (const tx of today)
        pending.push({ tx, truth: { transaction_id: tx.transaction_id, is_fraud: false, scenario: "genuine" } });
      for (const [scenario, mean] of incidentsPerDay) {
        const n = fraudRng.poisson(mean);
        for (let i = 0; i < n; i++) {
          const incident = `${scenario}#${incidentNo++}`;
          pending.push(
            ...SCENARIOS[scenario].incident({ pop: population, rng: fraudRng, newId, dayStart, today, incident }),
          );
        }
      }
      const dayEnd = dayStart + DAY_MS;
      const ready = pending.filter((e) => e.tx.event_time < dayEnd).sort(byTime);
      pending = pending.filter((e) => e.tx.event_time >= dayEnd);
      yield* ready;
    }
  }

  return { params, population, days };
}

/** Event time, then id: a total order, so output is byte-identical run to run. */
export function byTime(a: SimEvent, b: SimEvent): number {
  return a.tx.event_time - b.tx.event_time || (a.tx.transaction_id < b.tx.transaction_id ? -1 : 1);
}

/** Fast-forward: `days` days from `start` as fast as possible, with the population for inspection. */
export function simulateDays(p: SimInput & { days: number }): {
  population: Population;
  events: Generator<SimEvent>;
} {
  const { days, ...rest } = p;
  const sim = createSimulator(simParams(rest));
  return { population: sim.population, events: sim.days(days) };
}
