// Schemas that only some runs need are built on first use: constructing zod schemas is a measurable
// part of a bundle's cold start, and a run that stops at a bad input (or never gets the document the
// schema is for) should not pay for them.

/** `build()` on the first call, the same value on every later one. */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
