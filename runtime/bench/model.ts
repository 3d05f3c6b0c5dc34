// The model a bench step updates: n parameters split into k tensors the way a network splits them, a few
// large weight matrices and as many small bias vectors beside them (a dense layer's bias has as many
// elements as the side of its matrix). Elementwise programs do not see shapes, so each tensor is flat.

export interface BenchModel {
  readonly params: number;
  /** Elements per tensor, matrices first. */
  readonly sizes: readonly number[];
}

/**
 * n parameters in k tensors: ⌈k/2⌉ matrices and ⌊k/2⌋ biases of √(n/⌈k/2⌉) elements each (at least 1); the
 * matrices share the rest evenly, the first taking the remainder. k = 1 is one tensor of n.
 */
export function benchModel(n: number, k: number): BenchModel {
  if (!(Number.isSafeInteger(k) && k >= 1 && k <= n))
    throw new Error(`--tensors ${k}: between 1 and the parameter count (${n})`);
  const matrices = Math.ceil(k / 2);
  const biases = k - matrices;
  const bias =
    biases === 0 ? 0 : Math.max(1, Math.min(Math.round(Math.sqrt(n / matrices)), Math.floor((n - matrices) / biases)));
  const rest = n - bias * biases;
  const each = Math.floor(rest / matrices);
  const sizes = [
    ...Array.from({ length: matrices }, (_, i) => each + (i === 0 ? rest - each * matrices : 0)),
    ...Array.from({ length: biases }, () => bias),
  ];
  return { params: n, sizes };
}

/** The gradient every step of every implementation uses: small, of both signs, with zeros, the same everywhere. */
export function benchGradient(size: number): Float32Array {
  return Float32Array.from({ length: size }, (_, i) => (((i * 7) % 11) - 5) * 2e-3);
}
