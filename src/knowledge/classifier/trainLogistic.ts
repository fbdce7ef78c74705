import { seededRandom } from './seededRandom.js';

/** What training produces: enough to predict, and to store and load again (routerSnapshot.ts). */
export interface LogisticWeights {
  readonly labels: readonly string[];
  readonly features: readonly string[];
  /** Row per feature then a bias row, a column per label; Float32 so a stored model predicts exactly as a fresh one. */
  readonly weights: Float32Array;
}

/** A trained multinomial logistic regression over sparse binary features. */
export interface LogisticModel {
  readonly labels: readonly string[];
  /** Probabilities over `labels` for a message's features (unknown features are ignored). */
  predict(features: readonly string[]): Float64Array;
}

export interface TrainingExample {
  readonly label: string;
  readonly features: readonly string[];
}

export interface LogisticOptions {
  readonly epochs: number;
  readonly rate: number;
  readonly l2: number;
}

export const defaultLogistic: LogisticOptions = { epochs: 10, rate: 0.4, l2: 1e-5 };

/** Trains and returns the model at once. */
export function trainLogistic(examples: readonly TrainingExample[], options: LogisticOptions = defaultLogistic): LogisticModel {
  return logisticModel(trainWeights(examples, options));
}

/**
 * Trains by stochastic gradient descent with AdaGrad steps, features scaled to unit length.
 * A few thousand messages train in about half a second, from knowledge/ alone: nothing is
 * downloaded. The result can be stored so a restart with the same corpus skips training.
 */
export function trainWeights(examples: readonly TrainingExample[], options: LogisticOptions = defaultLogistic): LogisticWeights {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const featureIndex = new Map<string, number>();
  for (const e of examples) for (const f of e.features) if (!featureIndex.has(f)) featureIndex.set(f, featureIndex.size);
  const k = labels.length;
  const weights = new Float64Array((featureIndex.size + 1) * k); // the last row is the bias
  const squares = new Float64Array(weights.length).fill(1e-8);
  const biasRow = featureIndex.size * k;
  const encoded = examples.map((e) => ({ y: labelIndex.get(e.label)!, x: e.features.map((f) => featureIndex.get(f)!) }));
  const random = seededRandom(7);
  const probs = new Float64Array(k);

  const forward = (x: readonly number[], scale: number) => softmaxInto(probs, weights, x, scale);

  const step = (j: number, g: number) => {
    const grad = g + options.l2 * weights[j]!;
    squares[j] = squares[j]! + grad * grad;
    weights[j] = weights[j]! - (options.rate * grad) / Math.sqrt(squares[j]!);
  };
  const order = encoded.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const n of order) {
      const { x, y } = encoded[n]!;
      const scale = 1 / Math.sqrt(x.length);
      forward(x, scale);
      for (let c = 0; c < k; c++) {
        // A route the model already rules out has almost no gradient: skipping it saves ~40% of training.
        if (c !== y && probs[c]! < 1e-3) continue;
        const g = probs[c]! - (c === y ? 1 : 0);
        for (const f of x) step(f * k + c, g * scale);
        step(biasRow + c, g);
      }
    }
  }

  return { labels, features: [...featureIndex.keys()], weights: Float32Array.from(weights) };
}

/** A model over stored or freshly trained weights. */
export function logisticModel({ labels, features, weights }: LogisticWeights): LogisticModel {
  const featureIndex = new Map(features.map((f, i) => [f, i]));
  const probs = new Float64Array(labels.length);
  return {
    labels,
    predict(message) {
      const x: number[] = [];
      for (const f of message) {
        const j = featureIndex.get(f);
        if (j !== undefined) x.push(j);
      }
      // Known features are scaled as in training; unknown ones dilute the evidence like extra words.
      softmaxInto(probs, weights, x, 1 / Math.sqrt(Math.max(1, message.length)));
      return Float64Array.from(probs);
    },
  };
}

/** The label probabilities for features `x` (each weighted `scale`), written into `probs`; the bias is the last row. */
function softmaxInto(probs: Float64Array, weights: Float32Array | Float64Array, x: readonly number[], scale: number): void {
  const k = probs.length;
  const biasRow = weights.length - k;
  let max = -Infinity;
  for (let c = 0; c < k; c++) {
    let z = weights[biasRow + c]!;
    for (const j of x) z += weights[j * k + c]! * scale;
    probs[c] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let c = 0; c < k; c++) sum += probs[c] = Math.exp(probs[c]! - max);
  for (let c = 0; c < k; c++) probs[c] = probs[c]! / sum;
}
