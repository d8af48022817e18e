/**
 * Time-split evaluation: every map from score to probability is fitted on the training steps only and
 * every reported figure is measured on the test steps; climatology is the training base rate.
 */
import {
  applyIsotonic,
  baseRate,
  brier,
  brierSkill,
  fitIsotonic,
  reliabilityTable,
  rocAuc,
  type IsotonicMap,
  type ReliabilityBin,
} from './metrics';
import type { Sample } from './replay';

/** A forecaster: a name and the number it gives a sample (higher: more likely an event follows). */
export interface Predictor {
  name: string;
  kind: 'model' | 'baseline';
  value: (s: Sample) => number;
}

export interface Split {
  /** Steps (YYYY-MM-DD) at or after trainFrom and before testFrom train; the rest up to testTo test. */
  trainFrom: string;
  testFrom: string;
  testTo: string;
}

export interface Evaluation {
  name: string;
  kind: Predictor['kind'];
  train: { auc: number; brierSkill: number };
  test: { auc: number; brier: number; brierSkill: number };
  reliability: ReliabilityBin[];
  /** Per test step: Brier skill of that month's samples against climatology. */
  skillByMonth: { step: string; brierSkill: number }[];
  calibration: IsotonicMap;
}

export interface EvaluationSet {
  trainN: number;
  testN: number;
  trainBaseRate: number;
  testBaseRate: number;
  climatologyBrier: number;
  results: Evaluation[];
}

export function splitSamples(samples: readonly Sample[], split: Split): { train: Sample[]; test: Sample[] } {
  return {
    train: samples.filter((s) => s.step >= split.trainFrom && s.step < split.testFrom),
    test: samples.filter((s) => s.step >= split.testFrom && s.step <= split.testTo),
  };
}

function skillOf(probabilities: number[], outcomes: boolean[], climate: number): number {
  return brierSkill(
    brier(probabilities, outcomes),
    brier(
      outcomes.map(() => climate),
      outcomes,
    ),
  );
}

export function evaluate(train: readonly Sample[], test: readonly Sample[], predictors: readonly Predictor[]): EvaluationSet {
  const yTrain = train.map((s) => s.outcome);
  const yTest = test.map((s) => s.outcome);
  const climate = baseRate(yTrain);
  const climatologyBrier = brier(
    yTest.map(() => climate),
    yTest,
  );
  const steps = [...new Set(test.map((s) => s.step))].sort();
  const results = predictors.map((p): Evaluation => {
    const xTrain = train.map(p.value);
    const xTest = test.map(p.value);
    const calibration = fitIsotonic(xTrain, yTrain);
    const pTrain = xTrain.map((x) => applyIsotonic(calibration, x));
    const pTest = xTest.map((x) => applyIsotonic(calibration, x));
    const bs = brier(pTest, yTest);
    return {
      name: p.name,
      kind: p.kind,
      train: { auc: rocAuc(xTrain, yTrain), brierSkill: skillOf(pTrain, yTrain, climate) },
      test: { auc: rocAuc(xTest, yTest), brier: bs, brierSkill: brierSkill(bs, climatologyBrier) },
      reliability: reliabilityTable(pTest, yTest),
      skillByMonth: steps.map((step) => {
        const at = test.flatMap((s, i) => (s.step === step ? [i] : []));
        return {
          step,
          brierSkill: skillOf(
            at.map((i) => pTest[i]!),
            at.map((i) => yTest[i]!),
            climate,
          ),
        };
      }),
      calibration,
    };
  });
  return {
    trainN: train.length,
    testN: test.length,
    trainBaseRate: climate,
    testBaseRate: baseRate(yTest),
    climatologyBrier,
    results,
  };
}

/** A predictor's fit on the training steps alone (AUC, Brier skill of its isotonic map in sample): the search's criterion. */
export function trainingFit(train: readonly Sample[], p: Predictor): { trainAuc: number; trainBrierSkill: number } {
  const y = train.map((s) => s.outcome);
  const x = train.map(p.value);
  const calibration = fitIsotonic(x, y);
  return {
    trainAuc: rocAuc(x, y),
    trainBrierSkill: skillOf(
      x.map((v) => applyIsotonic(calibration, v)),
      y,
      baseRate(y),
    ),
  };
}

/** The three baselines of the report: climatology, the advisory level alone, and the 90-day count. */
export function baselines(countDays: number, outcomeKm: number): Predictor[] {
  return [
    { name: 'climatology (training base rate)', kind: 'baseline', value: () => 0 },
    { name: 'advisory level only', kind: 'baseline', value: (s) => s.advisoryLevel },
    { name: `events within ${outcomeKm} km in the last ${countDays} days`, kind: 'baseline', value: (s) => s.recentCount },
  ];
}

export function modelPredictor(modelVersion: string): Predictor {
  return { name: `model ${modelVersion}`, kind: 'model', value: (s) => s.scores[modelVersion] ?? NaN };
}
