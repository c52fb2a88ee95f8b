import { describe, expect, it } from "vitest";
import {
  atThreshold,
  aucRoc,
  averagePrecision,
  cardPrecisionTopK,
  type ScoredRow,
} from "../../src/evaluate/metrics.js";

// Six payments; F = fraud, G = genuine; flagged when score >= 0.7.
const rows = [
  [0.9, true],
  [0.8, false],
  [0.7, true],
  [0.7, false],
  [0.3, true],
  [0.1, false],
].map(([score, isFraud], i) => ({
  transactionId: `t${i}`,
  cardToken: `tok_${i}`,
  eventTime: 0,
  score: score as number,
  isFraud: isFraud as boolean,
  flagged: (score as number) >= 0.7,
}));

describe("aucRoc", () => {
  it("uses average ranks for ties", () => {
    // Ascending ranks: 0.1G=1, 0.3F=2, 0.7F/0.7G share (3+4)/2=3.5, 0.8G=5, 0.9F=6.
    // Positive rank sum = 2 + 3.5 + 6 = 11.5; U = 11.5 - 3*4/2 = 5.5; AUC = 5.5 / (3*3) = 0.6111.
    // Pair check: 0.9F beats 3 negatives (3), 0.7F beats 0.1, ties 0.7 (1.5), 0.3F beats 0.1 (1): 5.5/9.
    expect(aucRoc(rows)).toBeCloseTo(5.5 / 9, 12);
  });
  it("is 1 for a perfect ranking and NaN without both classes", () => {
    expect(
      aucRoc([
        { score: 0.2, isFraud: false },
        { score: 0.9, isFraud: true },
      ]),
    ).toBe(1);
    expect(aucRoc([{ score: 0.2, isFraud: false }])).toBeNaN();
  });
});

describe("averagePrecision", () => {
  it("follows scikit-learn: sum of recall steps times precision, ties entering together", () => {
    // Descending thresholds, P = 3 positives:
    // 0.9: tp=1 fp=0 R=1/3 P=1    -> (1/3 - 0) * 1   = 0.3333
    // 0.8: tp=1 fp=1 R=1/3 P=1/2  -> 0
    // 0.7: tp=2 fp=2 R=2/3 P=1/2  -> (1/3) * 1/2     = 0.1667
    // 0.3: tp=3 fp=2 R=1   P=3/5  -> (1/3) * 3/5     = 0.2
    // 0.1: tp=3 fp=3 R=1          -> 0
    // AP = 0.7
    expect(averagePrecision(rows)).toBeCloseTo(0.7, 12);
  });
  it("is NaN without positives", () => {
    expect(averagePrecision([{ score: 0.5, isFraud: false }])).toBeNaN();
  });
});

describe("atThreshold", () => {
  it("counts flagged decisions", () => {
    // Flagged: 0.9F, 0.8G, 0.7F, 0.7G -> 4 flagged, 2 true positives, 3 frauds, 6 rows.
    const m = atThreshold(rows);
    expect(m.precision).toBeCloseTo(2 / 4, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.alertRate).toBeCloseTo(4 / 6, 12);
    expect(m.flagged).toBe(4);
  });
});

describe("cardPrecisionTopK", () => {
  const D = 86_400_000;
  const r = (card: string, day: number, score: number, isFraud: boolean): ScoredRow => ({
    transactionId: `${card}${day}${score}`,
    cardToken: card,
    eventTime: day * D + 3_600_000,
    score,
    isFraud,
    flagged: false,
  });
  const data = [
    // Day 0: A max 0.9 and has a fraud (scored 0.2); B max 0.8 genuine; C 0.5 fraud.
    r("A", 0, 0.9, false),
    r("A", 0, 0.2, true),
    r("B", 0, 0.8, false),
    r("C", 0, 0.5, true),
    // Day 1: B 0.95 fraud, D 0.9 fraud, C 0.4 genuine.
    r("B", 1, 0.95, true),
    r("D", 1, 0.9, true),
    r("C", 1, 0.4, false),
  ];
  it("averages the daily share of fraudulent cards among the k highest", () => {
    // k=2: day 0 top {A, B} -> 1/2; day 1 top {B, D} -> 2/2; mean 0.75.
    expect(cardPrecisionTopK(data, 2)).toBeCloseTo(0.75, 12);
    // k=1: day 0 {A} -> 1; day 1 {B} -> 1.
    expect(cardPrecisionTopK(data, 1)).toBe(1);
    // k=5 > cards per day: day 0 {A,B,C} -> 2/3; day 1 {B,D,C} -> 2/3.
    expect(cardPrecisionTopK(data, 5)).toBeCloseTo(2 / 3, 12);
  });
});
