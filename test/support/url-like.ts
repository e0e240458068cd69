import fc from "fast-check";

/** One of `good` three times out of four, else one of `odd`: enough inputs pass a URL rule to test its acceptance. */
export const piece = (good: string[], odd: string[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 3 }, { arbitrary: fc.constantFrom(...odd), weight: 1 });

/** The parts joined into one URL-like string, sometimes with up to 3 random characters spliced in before `noiseAt`. */
export function urlLike(parts: fc.Arbitrary<string>[], noiseAt: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.tuple(...parts), fc.option(fc.string({ maxLength: 3 }), { freq: 6 }), fc.nat({ max: noiseAt }))
    .map(([pieces, noise, at]) => {
      const url = pieces.join("");
      return noise === null ? url : url.slice(0, at) + noise + url.slice(at);
    });
}
