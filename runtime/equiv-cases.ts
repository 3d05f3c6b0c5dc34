// The random cases equiv.ts runs two programs on: a model's tensors (vectors, or small matrices for programs
// with rows and columns), the gradients and per-step inputs of every step, and values for the hyperparameters
// nobody gave, drawn by fast-check with its edge cases (0, −0, subnormals, huge values, NaN, ±Inf).

import fc from 'fast-check';

/** One random case: the model's tensors, and what every step reads. */
export interface Case {
  w: number[][];
  /** g[step][tensor][element] */
  g: number[][][];
  /** Per-step scalar inputs by name: inputs[step][name]. */
  inputs: Record<string, number>[];
  /** Random values for the hyperparameters that have none. */
  hypers: Record<string, number>;
  /** Each tensor's shape (programs with rows or columns are tried on matrices too); absent, each is 1-D. */
  shapes?: number[][];
}

/** Values with fast-check's edge cases: realistic magnitudes mostly, then 0, −0, tiny, huge, NaN, ±Inf. */
export const EDGE_VALUES = [
  0,
  -0,
  1,
  -1,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  1e-300,
  1e300,
  -1e300,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  NaN,
  Infinity,
  -Infinity,
  0.5,
  1e-8,
];

/**
 * Magnitudes 1e-12 … 1e6 with 3 significant digits (shrinking towards 1), or an edge value. Not the full
 * double range: there squares of |x| ≈ 1e-160 underflow to subnormals without an Inf, and x / √(x²) ≈ 0.45
 * is then "finite" yet not sign(x) (see the report on the finite level).
 */
export function arbValue(): fc.Arbitrary<number> {
  const realistic = fc
    .tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: -12, max: 6 }), fc.boolean())
    .map(([m, e, negative]) => (negative ? -1 : 1) * m * 10 ** e);
  return fc.oneof({ weight: 5, arbitrary: realistic }, { weight: 1, arbitrary: fc.constantFrom(...EDGE_VALUES) });
}

export function arbCase(
  steps: number,
  inputNames: readonly string[],
  randomHypers: readonly string[],
  /** Draw matrices too (R×C up to 3×3), not only vectors: for programs with rows or columns. */
  shaped = false,
): fc.Arbitrary<Case> {
  if (shaped) {
    const shape = fc.oneof(
      fc.integer({ min: 1, max: 4 }).map((n) => [n]),
      fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).map(([r, c]) => [r, c]),
    );
    return fc.array(shape, { minLength: 1, maxLength: 3 }).chain((shapes) =>
      cases(
        steps,
        inputNames,
        randomHypers,
        shapes.map((s) => s.reduce((a, b) => a * b, 1)),
      ).map((c) => ({ ...c, shapes })),
    );
  }
  return fc
    .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 })
    .chain((sizes) => cases(steps, inputNames, randomHypers, sizes));
}

function cases(
  steps: number,
  inputNames: readonly string[],
  randomHypers: readonly string[],
  sizes: readonly number[],
): fc.Arbitrary<Case> {
  const value = arbValue();
  const scalars = (names: readonly string[]) => fc.record(Object.fromEntries(names.map((n) => [n, value])));
  const tensors = fc.tuple(...sizes.map((n) => fc.array(value, { minLength: n, maxLength: n })));
  const step = fc.record({ g: tensors, inputs: scalars(inputNames) });
  return fc
    .record({
      w: tensors,
      steps: new Steps(step, steps),
      // Hyperparameters are finite on every engine (runtime/hypers.ts): draw them so.
      hypers: fc.record(Object.fromEntries(randomHypers.map((n) => [n, value.filter(Number.isFinite)]))),
    })
    .map(({ w, steps, hypers }) => ({ w, g: steps.map((s) => s.g), inputs: steps.map((s) => s.inputs), hypers }));
}

/**
 * `length` draws of `item`, always all of them, that shrink first to a prefix and then element by element. A
 * trial stops at its first difference, so the steps after it are noise: with fc.array's fixed length fast-check
 * would shrink every one of them (a 10,000-step trial took a minute to shrink a difference at step 1).
 */
class Steps<T> extends fc.Arbitrary<T[]> {
  constructor(
    private readonly item: fc.Arbitrary<T>,
    private readonly length: number,
  ) {
    super();
  }

  generate(random: fc.Random, bias: number | undefined): fc.Value<T[]> {
    return Steps.of(Array.from({ length: this.length }, () => this.item.generate(random, bias)));
  }

  canShrinkWithoutContext(_value: unknown): _value is T[] {
    return false;
  }

  shrink(_value: T[], context: unknown): fc.Stream<fc.Value<T[]>> {
    return context === undefined ? fc.Stream.nil() : new fc.Stream(this.candidates(context as fc.Value<T>[]));
  }

  private *candidates(items: fc.Value<T>[]): IterableIterator<fc.Value<T[]>> {
    for (let n = 1; n < items.length; n *= 2) yield Steps.of(items.slice(0, n));
    for (let i = 0; i < items.length; i++)
      for (const smaller of this.item.shrink(items[i].value_, items[i].context))
        yield Steps.of(items.map((v, j) => (j === i ? smaller : v)));
  }

  private static of<T>(items: fc.Value<T>[]): fc.Value<T[]> {
    return new fc.Value(
      items.map((v) => v.value),
      items,
    );
  }
}
