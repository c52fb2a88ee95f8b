import { type Card, countryAt, distance, GRID, type Population, type Terminal } from "./model.js";
import type { Rng } from "./prng.js";

export interface PopulationParams {
  cards: number;
  terminals: number;
  /** Share of terminals that are web shops (channel ecom); they have no meaningful location. */
  ecomShare: number;
  /** A card shops at point-of-sale terminals within this distance of home (grid units). */
  homeRadius: number;
  /** Mean transactions per card per day. */
  meanTxPerDay: number;
}

export const DEFAULT_POPULATION: PopulationParams = {
  cards: 2000,
  terminals: 500,
  ecomShare: 0.2,
  homeRadius: 12,
  meanTxPerDay: 2.5,
};

// Weighted by how common each kind of shop is; ecom terminals draw from the online ones.
const POS_MCC = ["5411", "5411", "5411", "5812", "5812", "5541", "5912", "5311", "5651", "5999"];
const ECOM_MCC = ["5942", "5732", "4121", "5815", "5999", "4722"];

/** Cards and terminals with homes on the grid. Deterministic in the rng. */
export function createPopulation(p: PopulationParams, rng: Rng): Population {
  const terminals: Terminal[] = [];
  const ecom: number[] = [];
  const tokens = new Set<string>();
  for (let i = 0; i < p.terminals; i++) {
    const x = rng.next() * GRID;
    const y = rng.next() * GRID;
    const channel = rng.chance(p.ecomShare) ? "ecom" : "pos";
    if (channel === "ecom") ecom.push(i);
    terminals.push({
      index: i,
      id: `term_${rng.hex(6)}`,
      x,
      y,
      country: countryAt(x, y),
      mcc: rng.pick(channel === "ecom" ? ECOM_MCC : POS_MCC),
      channel,
    });
  }
  const pos = terminals.filter((t) => t.channel === "pos");
  const buckets = bucketize(pos, p.homeRadius);

  const cards: Card[] = [];
  for (let i = 0; i < p.cards; i++) {
    let token = `tok_${rng.hex(8)}`;
    while (tokens.has(token)) token = `tok_${rng.hex(8)}`;
    tokens.add(token);
    const x = rng.next() * GRID;
    const y = rng.next() * GRID;
    const home = { x, y };
    const near = nearby(buckets, home, p.homeRadius);
    // A card far from every shop still needs somewhere to pay: take the closest few.
    const usual =
      near.length > 0
        ? near
        : pos
            .map((t) => t.index)
            .sort((a, b) => distance(terminals[a]!, home) - distance(terminals[b]!, home))
            .slice(0, 3);
    for (let k = 0; k < 3 && ecom.length > 0; k++) usual.push(rng.pick(ecom));
    cards.push({
      index: i,
      token,
      customerId: `cus_${rng.hex(6)}`,
      x,
      y,
      country: countryAt(x, y),
      // Typical spend 10-60 EUR, in cents; the spread varies per card.
      amountMu: Math.log(1000 + rng.next() * 5000),
      amountSigma: 0.4 + rng.next() * 0.4,
      txPerDay: p.meanTxPerDay * (0.3 + rng.next() * 1.4),
      usual,
    });
  }
  return { cards, terminals, ecom };
}

type Buckets = Map<string, Terminal[]>;

function bucketize(terminals: Terminal[], size: number): Buckets {
  const b: Buckets = new Map();
  for (const t of terminals) {
    const key = `${Math.floor(t.x / size)},${Math.floor(t.y / size)}`;
    const list = b.get(key);
    if (list) list.push(t);
    else b.set(key, [t]);
  }
  return b;
}

function nearby(b: Buckets, at: { x: number; y: number }, radius: number): number[] {
  const cx = Math.floor(at.x / radius);
  const cy = Math.floor(at.y / radius);
  const out: number[] = [];
  for (let dx = -1; dx <= 1; dx++) {
    for (let dy = -1; dy <= 1; dy++) {
      for (const t of b.get(`${cx + dx},${cy + dy}`) ?? []) if (distance(t, at) <= radius) out.push(t.index);
    }
  }
  return out.sort((a, z) => a - z);
}
