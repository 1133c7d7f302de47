// A small seeded pseudo-random generator, so that the same seed always produces the same
// demo account. Math.random cannot be seeded, so it is never used here.

/** A source of numbers in [0, 1) with helpers. Every call advances the sequence. */
export interface Random {
  next(): number;
  /** An integer from `min` to `max`, both included. */
  int(min: number, max: number): number;
  /** A number from `min` (included) to `max` (excluded). */
  between(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Restarts the sequence from a new seed. */
  reseed(seed: number): void;
}

/** Creates a mulberry32 generator: 32 bits of state, fast, good enough for test data. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) {
        throw new RangeError('Cannot pick from an empty list.');
      }
      return item;
    },
    reseed: (seed) => {
      state = seed >>> 0;
    },
  };
}

/** Mixes two integers into a new 32-bit seed, so each device gets an independent sequence. */
export function mixSeed(seed: number, index: number): number {
  let h = Math.imul((seed ^ 0x9e3779b9) >>> 0, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}
