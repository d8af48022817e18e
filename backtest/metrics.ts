/**
 * The forecast metrics of the backtest: ROC AUC (Mann–Whitney, ties counted half), Brier score and Brier
 * skill, an isotonic (pool-adjacent-violators) map from score to probability, and a reliability table.
 * Small on purpose: each is a few lines checked against hand-computed values in metrics.test.ts.
 */

/** ROC AUC: the probability that a random positive scores above a random negative, ties counting ½. */
export function rocAuc(scores: readonly number[], outcomes: readonly boolean[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    // Ranks i+1..j+1 share their mean rank.
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) {
      if (outcomes[idx[k]!]) {
        positives++;
        rankSum += rank;
      }
    }
    i = j + 1;
  }
  const negatives = idx.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean squared difference between probability and outcome (0 perfect, lower better). */
export function brier(probabilities: readonly number[], outcomes: readonly boolean[]): number {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) sum += (probabilities[i]! - (outcomes[i] ? 1 : 0)) ** 2;
  return sum / probabilities.length;
}

/** 1 − BS/BS_ref: 0 no better than the reference, 1 perfect, negative worse. */
export function brierSkill(bs: number, reference: number): number {
  return 1 - bs / reference;
}

export function baseRate(outcomes: readonly boolean[]): number {
  return outcomes.filter(Boolean).length / outcomes.length;
}

/** A monotone non-decreasing step map from score to probability. */
export interface IsotonicMap {
  /** The lowest score of each block, increasing. */
  from: number[];
  /** The block's probability, non-decreasing. */
  p: number[];
}

/**
 * Isotonic regression of outcomes on scores (pool adjacent violators), equal scores pooled first: the
 * closest non-decreasing step function to the outcomes in squared error.
 */
export function fitIsotonic(scores: readonly number[], outcomes: readonly boolean[]): IsotonicMap {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const blocks: { from: number; sum: number; n: number }[] = [];
  for (let i = 0; i < idx.length;) {
    // One group per distinct score, so equal scores always map to one probability.
    const from = scores[idx[i]!]!;
    let sum = 0;
    let n = 0;
    for (; i < idx.length && scores[idx[i]!] === from; i++, n++) sum += outcomes[idx[i]!] ? 1 : 0;
    blocks.push({ from, sum, n });
    // Pool while the newest block is not above the one before it (equal neighbours merge: fewer, strictly rising steps).
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sum / a.n < b.sum / b.n) break;
      a.sum += b.sum;
      a.n += b.n;
      blocks.pop();
    }
  }
  return { from: blocks.map((b) => b.from), p: blocks.map((b) => b.sum / b.n) };
}

/** The map's probability at a score: the block the score falls in (below the first: the first block's). */
export function applyIsotonic(map: IsotonicMap, score: number): number {
  let lo = 0;
  let hi = map.from.length - 1;
  if (hi < 0) return NaN;
  if (score < map.from[0]!) return map.p[0]!;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (map.from[mid]! <= score) lo = mid;
    else hi = mid - 1;
  }
  return map.p[lo]!;
}

export interface ReliabilityBin {
  bin: number;
  n: number;
  meanPredicted: number;
  observed: number;
}

/** Deciles of the predicted probability (equal counts, in order of prediction): mean predicted vs observed. */
export function reliabilityTable(probabilities: readonly number[], outcomes: readonly boolean[], bins = 10): ReliabilityBin[] {
  const idx = probabilities.map((_, i) => i).sort((a, b) => probabilities[a]! - probabilities[b]! || a - b);
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const part = idx.slice(Math.floor((b * idx.length) / bins), Math.floor(((b + 1) * idx.length) / bins));
    if (part.length === 0) continue;
    out.push({
      bin: b + 1,
      n: part.length,
      meanPredicted: part.reduce((s, i) => s + probabilities[i]!, 0) / part.length,
      observed: part.filter((i) => outcomes[i]).length / part.length,
    });
  }
  return out;
}
