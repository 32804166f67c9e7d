/** A small seeded PRNG (mulberry32): the same seed gives the same stream on every platform. */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A seeded Fisher–Yates permutation of 0..n-1. */
export function permutation(n: number, rng: () => number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = out[i] as number;
    out[i] = out[j] as number;
    out[j] = tmp;
  }
  return out;
}

/** A 31-bit integer seed drawn from the stream (for tfjs ops that take a seed). */
export function nextSeed(rng: () => number): number {
  return Math.floor(rng() * 2_147_483_647);
}
