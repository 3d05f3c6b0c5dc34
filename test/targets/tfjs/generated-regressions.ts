// Programs the generated-program property (generated.test.ts) once failed on, replayed first on every
// backend as fast-check examples: [source, case seed, simplified first]. Each says what went wrong.

export const REGRESSIONS: [string, number, boolean][] = [
  // Ill-conditioned, not wrong: sin of ~1e4 turns one ulp of its argument into 1e-3 (on wasm, 1e-2).
  // Skipped by the conditioning estimate, not reported (or the estimate has stopped working).
  ['def train(w, g):\n    return sin(cosh(w * 7) ** 4)\n', 1, false],
  // tf.where broadcast the empty tensor's condition to shape [1] (every backend), and on webgpu the empty
  // tensor's ops were a validation error that dropped the whole step's command buffer: w ** w gave 0.
  ['def λ_2(a, g):\n    λ = a + -(a + a)\n    return a + a ** a\n', 1, false],
  // wasm's tf.log1p is log(1 + x): 1.3e-4 relative error once a − log1p(a) + a cancels.
  [
    'def λ_2(var, λ, a, a_2):\n    a = square(var + arctan(λ))\n    a_2 = var + (var + var) + (var + var + var)\n' +
      '    var = var + -(0.9 + var)\n    a_3 = a - log1p(a) + a\n    return var + (var / a_3 + var), a, a_2\n',
    727262,
    false,
  ],
  // Not the emitter: (-1) ** cosine_sim(w, w) is -1 in the float32 reference (cosine 1) and NaN in
  // float64 (1 + 2^-52) and on tfjs cpu; every perturbed rerun is NaN too, so only the float32-vs-float64
  // check marks it.
  [
    'def a(w, λ, λ_2):\n    λ_3 = 0.9 + (0.9 + 0.9) + sinh(sin(0.9))\n' +
      '    return clip_by_global_norm(w + (0.9 + w), (-step) ** cosine_sim(w, w))\n',
    54559,
    false,
  ],
  // Ill-conditioned for webgpu's WGSL builtins: acos is off by 1.2e-4, and tan near its pole makes that
  // 5e-3. Needs the webgpu-sized perturbation (stepwise.ts APPROXIMATION).
  ['def λ_6(λ, λ_2, λ_3):\n    λ_3 = λ + pow(λ, λ)\n    return tan(arccos(λ) + λ), λ_3\n', 121249, false],
  // tf.asinh on webgpu is log(x + sqrt(x² + 1)): Inf for (2w) ** -10 ≈ 1e27.
  [
    'def var_2(w, λ, var, a, λ_2):\n    λ_3 = (-(w + w)) ** -10\n    var = log(w + w)\n    return arcsinh(λ_3) + w, var\n',
    1,
    false,
  ],
  // Not the emitter: interpolate(x, x, b) with b ≈ −5e3 cancels in the target's float32 ops; the reference
  // rounds it once. Skipped by running the conditioning estimate on the ops as emitted (as-emitted.ts).
  [
    'def λ_3(var, g, a, a_2, var_2, λ):\n    a = var + var + (a_3 + (0.9 + var))\n    var_2 = interp(var_2, var_2, var) + 0.9\n' +
      '    λ = var\n    a_4 = cube(var) + -var + (0.9 + 0.9 + (0.9 + step))\n    return λ_2 ** a, a, var_2, λ\n',
    1,
    false,
  ],
  // wasm's tf.sin near 0 has an absolute error (1.6e-2 relative at 1e-5), which reciprocal made visible.
  ['def λ(w, g, a, var_2, var):\n    var = 0.9 + 0.9\n    a = sin(reciprocal(sin(g)))\n    return w, a\n', 1, false],
  // Kahan's expm1 on webgpu: exp(-1e-8) is 0.99999994 there and log near 1 is off by 2^-21 absolute, so
  // (u − 1) · x / log(u) was 40% off; small arguments now take the series.
  [
    'def a_2(w, λ, var, var_2, a):\n    var = expm1(-(var_2 + eps))\n    var_2 = w\n    a = w\n    return cbrt(var), var, var_2, a\n',
    1,
    false,
  ],
  // Not the emitter: asin on webgpu is 4e-4 off at 0.5 (beyond WGSL's 4096 ulps), then log and a cancelling
  // subtraction amplify it; skipped with webgpu's perturbation sized to what lavapipe's asin does.
  [
    'def a_4(λ, g, λ_3, a, λ_2):\n    λ = λ + square(λ + 0.9)\n    a_2 = -λ\n    λ = exp2(λ)\n    var = cos(-arcsin(λ))\n' +
      '    a = log(arcsin(a_2))\n    λ_2 = sinh(-a_3) - a\n    return λ, a, λ_2\n',
    167619,
    false,
  ],
  // Not the emitter: XNNPACK (wasm) reduces cos's argument in float32, so cos(2e4) is 0.03 off; skipped by
  // perturbing the step's inputs (the state fed back) as well as its ops.
  [
    'def λ_4(w, g, var, a, var_2, a_2):\n    λ = -log1p(w)\n    var = abs(cos(a_2) + a_3)\n    a_4 = negative(-0.9 + λ_2)\n' +
      '    λ_3 = -w\n    var_3 = w + w + w\n    a = arcsin(arccosh(0.9)) + w\n    a_2 = w ** 1E+3 + var_4\n    return λ, var, a, a_2\n',
    568870,
    false,
  ],
];
