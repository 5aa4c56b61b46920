/**
 * `fn(value)` computed once per object and remembered for as long as the object lives. A hit in
 * the memory cache hands every request the same object, so what is derived from a cached pitch or
 * list page (its JSON text, a digest of it) is computed once per cache fill instead of once per
 * request. Only for values nobody changes after they are built: cached values never are.
 */
export function oncePerObject<T>(fn: (value: object) => T): (value: object) => T {
  const results = new WeakMap<object, T>();
  return (value) => {
    if (results.has(value)) return results.get(value)!;
    const result = fn(value);
    results.set(value, result);
    return result;
  };
}

/** The JSON text of a value that is not changed after it is built (see `oncePerObject`). */
export const jsonText: (value: object) => string = oncePerObject((value) => JSON.stringify(value));
