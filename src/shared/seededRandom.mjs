// The one seeded random generator of the repository: the webview's sample images, the fixture
// generators (test/fixtures), the fuzzer, the property tests and the kernel benchmark all draw
// from it, so "random" is reproducible from a seed everywhere. Plain JavaScript (with
// seededRandom.d.mts beside it) because the fixture generators run in Node without a build.

/** mulberry32: a small deterministic generator of floats in [0, 1). */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws from one seeded stream: an int in [low, high], an item, a coin with probability p, a list of ints, a float in [0, 1). */
export function seededDraws(seed) {
  const next = seededRandom(seed);
  const int = (low, high) => low + Math.floor(next() * (high - low + 1));
  return {
    next,
    int,
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
    list: (length, low, high) => Array.from({ length }, () => int(low, high)),
  };
}
