import { seededRandom } from '../../knowledge/classifier/seededRandom.js';

/** A seeded generator, so synthetic knowledge bases are the same from run to run. */
export type Random = () => number;

export const createRandom: (seed: number) => Random = seededRandom;

export const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
