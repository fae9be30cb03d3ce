/** Builds a value once, on first call: schemas are constructed on first use, not at import (cold start). */
export const once = <T>(build: () => T): (() => T) => {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
};

/** Memoises a pure function of one object argument (definitions, categories) without keeping it alive. */
export const memoByObject = <K extends object, V>(compute: (key: K) => V): ((key: K) => V) => {
  const cache = new WeakMap<K, V>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
};
