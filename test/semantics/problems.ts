// The objectives the semantics tests optimize, each with its gradient written out (no autodiff): PyTorch's
// `(W·x + b)²` least squares over a small fixed dataset, and optax's parabola and Rosenbrock function
// (alias_test.py: the same starting points, minima and number of steps).

export interface Problem {
  name: string;
  /** The starting point, one array per model variable. */
  w0: readonly Float64Array[];
  loss(w: readonly ArrayLike<number>[]): number;
  grad(w: readonly ArrayLike<number>[]): Float64Array[];
  /** The minimizer, where the test asserts convergence. */
  minimum?: readonly Float64Array[];
}

/** Four samples of three features, fixed (PyTorch draws them at random; fixed keeps failures reproducible). */
const X = [
  [0.5, -1.2, 0.3],
  [1.1, 0.4, -0.7],
  [-0.6, 0.9, 1.5],
  [0.2, -0.3, -1.0],
];
const ROWS = 2;
const COLS = 3;

/** Σ over samples of ‖W x + b‖², W a 2×3 kernel and b a bias: two variables, as in a linear layer. */
export const leastSquares: Problem = {
  name: 'least squares',
  w0: [Float64Array.of(0.4, -0.8, 1.2, 0.9, 0.1, -0.5), Float64Array.of(0.3, -0.6)],
  loss([W, b]) {
    return X.reduce((sum, x) => sum + residuals(W, b, x).reduce((s, r) => s + r * r, 0), 0);
  },
  grad([W, b]) {
    const gW = new Float64Array(ROWS * COLS);
    const gb = new Float64Array(ROWS);
    for (const x of X) {
      residuals(W, b, x).forEach((r, i) => {
        gb[i] += 2 * r;
        for (let j = 0; j < COLS; j++) gW[i * COLS + j] += 2 * r * x[j];
      });
    }
    return [gW, gb];
  },
};

function residuals(W: ArrayLike<number>, b: ArrayLike<number>, x: readonly number[]): number[] {
  return Array.from({ length: ROWS }, (_, i) => b[i] + x.reduce((s, xj, j) => s + W[i * COLS + j] * xj, 0));
}

const PARABOLA_MIN = Float64Array.of(1, -1, 1);

/** optax's _setup_parabola: Σ (w − w*)² from (−1, 10, 1) to (1, −1, 1). */
export const parabola: Problem = {
  name: 'parabola',
  w0: [Float64Array.of(-1, 10, 1)],
  minimum: [PARABOLA_MIN],
  loss: ([w]) => Array.from(w).reduce((s, x, i) => s + (x - PARABOLA_MIN[i]) ** 2, 0),
  grad: ([w]) => [Float64Array.from(w, (x, i) => 2 * (x - PARABOLA_MIN[i]))],
};

/** optax's _setup_rosenbrock: (a − x)² + b (y − x²)² with a = 1, b = 100, from (0, 0) to (1, 1). */
export const rosenbrock: Problem = {
  name: 'rosenbrock',
  w0: [Float64Array.of(0, 0)],
  minimum: [Float64Array.of(1, 1)],
  loss: ([w]) => (1 - w[0]) ** 2 + 100 * (w[1] - w[0] * w[0]) ** 2,
  grad: ([w]) => {
    const [x, y] = [w[0], w[1]];
    return [Float64Array.of(-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x))];
  },
};

/** optax's assert_trees_all_close(params, final_params, rtol=3e-2, atol=3e-2). */
export function nearMinimum(w: readonly ArrayLike<number>[], minimum: readonly ArrayLike<number>[]): boolean {
  return minimum.every((m, t) => Array.from(m).every((x, i) => Math.abs(w[t][i] - x) <= 3e-2 + 3e-2 * Math.abs(x)));
}
