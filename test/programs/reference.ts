// The classic optimizers written out by hand, from their papers and PyTorch's documented algorithms, as plain
// loops over one parameter tensor: no parser, no IR, no interpreter. classic.test.ts runs each program in
// programs/ against these. `t` is the 1-based step; state arrays are updated in place; the return value is
// the update (w ← w − update).

export type Hypers = Readonly<Record<string, number>>;
export type Reference = (w: Float64Array, g: Float64Array, state: Float64Array[], t: number, h: Hypers) => Float64Array;

const map = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
const l2 = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((s, v) => s + v * v, 0));
const l2Decay = (w: Float64Array, g: Float64Array, λ: number) => map(g.length, (i) => g[i] + λ * w[i]);

/** Adam's moments (in place) and its bias-corrected step m̂ / (√v̂ + ε), before the learning rate. */
function adamDirection(g: Float64Array, m: Float64Array, v: Float64Array, t: number, h: Hypers): Float64Array {
  for (let i = 0; i < g.length; i++) {
    m[i] = h.β1 * m[i] + (1 - h.β1) * g[i];
    v[i] = h.β2 * v[i] + (1 - h.β2) * g[i] * g[i];
  }
  return map(g.length, (i) => m[i] / (1 - h.β1 ** t) / (Math.sqrt(v[i] / (1 - h.β2 ** t)) + h.ε));
}

/** Cautious optimizers' rescaling: n / (coordinates where d agrees in sign with g), at most 1 / μ. */
function cautiousScale(d: Float64Array, g: Float64Array, μ: number): number {
  let kept = 0;
  for (let i = 0; i < g.length; i++) if (d[i] * g[i] > 0) kept++;
  return 1 / Math.max(kept / g.length, μ);
}

/** The layer-wise ratio of LARS/LAMB; 1 where either norm is zero (optax, LARC). */
const trustRatio = (num: number, wNorm: number, otherNorm: number) => (wNorm > 0 && otherNorm > 0 ? num : 1);

/**
 * Adafactor's Algorithm 4 (Shazeer & Stern 2018) as the paper writes it, for an R×C matrix stored row-major,
 * with transformers' relative step: R ← β̂2·R + (1 − β̂2)·(G² + ε1)·1_C (row sums), C ← β̂2·C + (1 − β̂2)·
 * 1_Rᵀ·(G² + ε1) (column sums), V̂ = R·C / (1_Rᵀ·R), U = G / √V̂, Û = U / max(1, RMS(U) / d), update α_t·Û.
 * Updates R and C in place.
 */
export function adafactorFactored(
  w: Float64Array,
  g: Float64Array,
  R: Float64Array,
  C: Float64Array,
  t: number,
  h: Hypers,
  rows: number,
  cols: number,
): Float64Array {
  const rms = (x: ArrayLike<number>) => l2(x) / Math.sqrt(x.length);
  const α = Math.max(h.ε2, rms(w)) * Math.min(0.01, 1 / Math.sqrt(t));
  const β2 = 1 - t ** -h.c;
  const g2 = (i: number, j: number) => g[i * cols + j] ** 2 + h.ε1;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += g2(i, j);
    R[i] = β2 * R[i] + (1 - β2) * s;
  }
  for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let i = 0; i < rows; i++) s += g2(i, j);
    C[j] = β2 * C[j] + (1 - β2) * s;
  }
  const total = R.reduce((a, b) => a + b, 0);
  const u = map(g.length, (k) => g[k] / Math.sqrt((R[Math.floor(k / cols)] * C[k % cols]) / total));
  const clip = Math.max(1, rms(u) / h.d);
  return map(u.length, (k) => (α * u[k]) / clip);
}

export const REFERENCE: Readonly<Record<string, Reference>> = {
  sgd: (w, g, _s, _t, h) => map(g.length, (i) => h.lr * (g[i] + h.λ * w[i])),

  momentum: (w, g0, [b], _t, h) => {
    const g = l2Decay(w, g0, h.λ);
    for (let i = 0; i < g.length; i++) b[i] = h.μ * b[i] + g[i];
    return map(g.length, (i) => h.lr * b[i]);
  },

  nesterov: (w, g0, [b], _t, h) => {
    const g = l2Decay(w, g0, h.λ);
    for (let i = 0; i < g.length; i++) b[i] = h.μ * b[i] + g[i];
    return map(g.length, (i) => h.lr * (g[i] + h.μ * b[i]));
  },

  adagrad: (w, g0, [acc], t, h) => {
    const g = l2Decay(w, g0, h.λ);
    const clr = h.lr / (1 + (t - 1) * h.lr_decay);
    for (let i = 0; i < g.length; i++) acc[i] += g[i] * g[i];
    return map(g.length, (i) => (clr * g[i]) / (Math.sqrt(acc[i]) + h.ε));
  },

  rmsprop: (w, g0, [v], _t, h) => {
    const g = l2Decay(w, g0, h.λ);
    for (let i = 0; i < g.length; i++) v[i] = h.α * v[i] + (1 - h.α) * g[i] * g[i];
    return map(g.length, (i) => (h.lr * g[i]) / (Math.sqrt(v[i]) + h.ε));
  },

  adam: (w, g0, [m, v], t, h) => {
    const d = adamDirection(l2Decay(w, g0, h.λ), m, v, t, h);
    return map(d.length, (i) => h.lr * d[i]);
  },

  // Lookahead (Zhang et al. 2019, Algorithm 1) around Adam: fast weights θ = w − η·Adam; every k steps
  // φ ← φ + α(θ − φ) and θ ← φ. The slow weights start as the weights.
  lookahead_adam: (w, g, [m, v, slow], t, h) => {
    if (t === 1) slow.set(w);
    const d = adamDirection(g, m, v, t, h);
    if (t % h.k !== 0) return map(g.length, (i) => h.lr * d[i]);
    // With θ = w − η·Adam: φ ← φ + α(θ − φ) and the update w − φ_new, both written with the difference
    // w − φ taken first (the same values, without cancelling nearly equal weights after the fact).
    const update = map(g.length, (i) => (1 - h.α) * (w[i] - slow[i]) + h.α * h.lr * d[i]);
    for (let i = 0; i < g.length; i++) slow[i] += h.α * (w[i] - slow[i] - h.lr * d[i]);
    return update;
  },

  // Algorithm 1 of the Lion paper: θ ← θ − η(m̂/(√v̂ + ε) + λθ).
  adamw: (w, g, [m, v], t, h) => {
    const d = adamDirection(g, m, v, t, h);
    return map(d.length, (i) => h.lr * (d[i] + h.λ * w[i]));
  },

  // Cautious AdamW (Liang et al. 2024): AdamW's step where it agrees in sign with g, the kept coordinates
  // scaled by n / (number kept), that factor capped at 1 / μ; decay unmasked.
  cautious_adamw: (w, g, [m, v], t, h) => {
    const d = adamDirection(g, m, v, t, h);
    return map(g.length, (i) => h.lr * (cautiousScale(d, g, h.μ) * (d[i] * g[i] > 0 ? d[i] : 0) + h.λ * w[i]));
  },

  // Cautious Lion: Lion's sign step, uncorrected, masked and scaled as above.
  cautious_lion: (w, g, [m], _t, h) => {
    const d = map(g.length, (i) => Math.sign(h.β1 * m[i] + (1 - h.β1) * g[i]));
    const scale = cautiousScale(d, g, h.μ);
    const update = map(g.length, (i) => h.lr * (scale * (d[i] * g[i] > 0 ? d[i] : 0) + h.λ * w[i]));
    for (let i = 0; i < g.length; i++) m[i] = h.β2 * m[i] + (1 - h.β2) * g[i];
    return update;
  },

  // ADOPT (Taniguchi et al. 2024, clipped): step 1 only sets v₀ = g²; afterwards the paper's step s = t − 1
  // normalises g by the v of the step before, clips at s^¼, averages into m and steps by lr·m.
  adopt: (_w, g, [m, v], t, h) => {
    if (t === 1) {
      for (let i = 0; i < g.length; i++) v[i] = g[i] * g[i];
      return new Float64Array(g.length);
    }
    const c = (t - 1) ** 0.25;
    for (let i = 0; i < g.length; i++) {
      const normed = g[i] / Math.max(Math.sqrt(v[i]), h.ε);
      m[i] = h.β1 * m[i] + (1 - h.β1) * Math.min(Math.max(normed, -c), c);
      v[i] = h.β2 * v[i] + (1 - h.β2) * g[i] * g[i];
    }
    return map(g.length, (i) => h.lr * m[i]);
  },

  // Adan (Xie et al. 2022, Algorithm 1 with the authors' bias corrections): the gradient difference from the
  // previous step (none at step 1), three moments, and the proximal decay θ ← (θ − lr·u) / (1 + lr·λ).
  adan: (w, g, [m, d, n, prev], t, h) => {
    const update = new Float64Array(g.length);
    for (let i = 0; i < g.length; i++) {
      const diff = t === 1 ? 0 : g[i] - prev[i];
      m[i] = h.β1 * m[i] + (1 - h.β1) * g[i];
      d[i] = h.β2 * d[i] + (1 - h.β2) * diff;
      n[i] = h.β3 * n[i] + (1 - h.β3) * (g[i] + h.β2 * diff) ** 2;
      const [mHat, dHat, nHat] = [m[i] / (1 - h.β1 ** t), d[i] / (1 - h.β2 ** t), n[i] / (1 - h.β3 ** t)];
      const u = (mHat + h.β2 * dHat) / (Math.sqrt(nHat) + h.ε);
      // θ − (θ − lr·u) / (1 + lr·λ) = lr·(u + λ·θ) / (1 + lr·λ): the difference of nearly equal weights,
      // taken exactly by the algebra (taken in floating point it leaves 1e-10 relative errors).
      update[i] = (h.lr * (u + h.λ * w[i])) / (1 + h.lr * h.λ);
      prev[i] = g[i];
    }
    return update;
  },

  // Algorithm 2 of the Lion paper, its `if t > 1` written as an if.
  lion: (w, g, [m], t, h) => {
    const correction = t > 1 ? 1 - h.β2 ** (t - 1) : 1;
    const update = map(g.length, (i) => {
      const c = h.β1 * (m[i] / correction) + (1 - h.β1) * g[i];
      return h.lr * (Math.sign(c) + h.λ * w[i]);
    });
    for (let i = 0; i < g.length; i++) m[i] = h.β2 * m[i] + (1 - h.β2) * g[i];
    return update;
  },

  signsgd: (_w, g, _s, _t, h) => map(g.length, (i) => h.lr * Math.sign(g[i])),

  signum: (_w, g, [m], _t, h) => {
    for (let i = 0; i < g.length; i++) m[i] = h.β * m[i] + (1 - h.β) * g[i];
    return map(g.length, (i) => h.lr * Math.sign(m[i]));
  },

  amsgrad: (w, g0, [m, v, vMax], t, h) => {
    const g = l2Decay(w, g0, h.λ);
    for (let i = 0; i < g.length; i++) {
      m[i] = h.β1 * m[i] + (1 - h.β1) * g[i];
      v[i] = h.β2 * v[i] + (1 - h.β2) * g[i] * g[i];
      vMax[i] = Math.max(vMax[i], v[i]);
    }
    return map(g.length, (i) => (h.lr * (m[i] / (1 - h.β1 ** t))) / (Math.sqrt(vMax[i] / (1 - h.β2 ** t)) + h.ε));
  },

  adabelief: (_w, g, [m, s], t, h) => {
    for (let i = 0; i < g.length; i++) {
      m[i] = h.β1 * m[i] + (1 - h.β1) * g[i];
      s[i] = h.β2 * s[i] + (1 - h.β2) * (g[i] - m[i]) ** 2 + h.ε;
    }
    return map(g.length, (i) => (h.lr * (m[i] / (1 - h.β1 ** t))) / (Math.sqrt(s[i] / (1 - h.β2 ** t)) + h.ε));
  },

  // PyTorch's NAdam; its mu_product is kept here as the plain product (the program's slot holds it minus 1).
  nadam: (w, g0, [m, v, productMinus1], t, h) => {
    const g = l2Decay(w, g0, h.λ);
    const μ = h.β1 * (1 - 0.5 * 0.96 ** (t * h.ψ));
    const μNext = h.β1 * (1 - 0.5 * 0.96 ** ((t + 1) * h.ψ));
    const update = map(g.length, (i) => {
      const product = (productMinus1[i] + 1) * μ;
      m[i] = h.β1 * m[i] + (1 - h.β1) * g[i];
      v[i] = h.β2 * v[i] + (1 - h.β2) * g[i] * g[i];
      const mHat = (μNext * m[i]) / (1 - product * μNext) + ((1 - μ) * g[i]) / (1 - product);
      productMinus1[i] = product - 1;
      return (h.lr * mHat) / (Math.sqrt(v[i] / (1 - h.β2 ** t)) + h.ε);
    });
    return update;
  },

  // RAdam with the paper's threshold ρ_t > 4, as an if.
  radam: (w, g0, [m, v], t, h) => {
    const g = l2Decay(w, g0, h.λ);
    const ρInf = 2 / (1 - h.β2) - 1;
    const ρ = ρInf - (2 * t * h.β2 ** t) / (1 - h.β2 ** t);
    for (let i = 0; i < g.length; i++) {
      m[i] = h.β1 * m[i] + (1 - h.β1) * g[i];
      v[i] = h.β2 * v[i] + (1 - h.β2) * g[i] * g[i];
    }
    const mHat = map(g.length, (i) => m[i] / (1 - h.β1 ** t));
    if (!(ρ > 4)) return map(g.length, (i) => h.lr * mHat[i]);
    const r = Math.sqrt(((ρ - 4) * (ρ - 2) * ρInf) / ((ρInf - 4) * (ρInf - 2) * ρ));
    return map(g.length, (i) => h.lr * mHat[i] * r * (Math.sqrt(1 - h.β2 ** t) / (Math.sqrt(v[i]) + h.ε)));
  },

  // LARS, Algorithm 1 of You et al. 2017, with the local rate 1 where a norm is zero.
  lars: (w, g, [v], _t, h) => {
    const wNorm = l2(w);
    const gNorm = l2(g);
    const local = trustRatio((h.η * wNorm) / (gNorm + h.λ * wNorm), wNorm, gNorm);
    for (let i = 0; i < g.length; i++) v[i] = h.μ * v[i] + h.lr * local * (g[i] + h.λ * w[i]);
    return Float64Array.from(v);
  },

  // LAMB, Algorithm 2 of You et al. 2020 with φ(z) = z.
  lamb: (w, g, [m, v], t, h) => {
    const d = adamDirection(g, m, v, t, h);
    const r = map(d.length, (i) => d[i] + h.λ * w[i]);
    const wNorm = l2(w);
    const rNorm = l2(r);
    const trust = trustRatio(wNorm / rNorm, wNorm, rNorm);
    return map(r.length, (i) => h.lr * trust * r[i]);
  },

  // Factored Adafactor on a vector, a 1×n matrix: state as the program keeps it, row and column means.
  adafactor: (w, g, [vr, vc], t, h) => {
    if (g.length === 0) return new Float64Array(0); // an empty tensor takes no step (runtime/interp.ts)
    const cols = g.length;
    // The paper keeps sums: R = vr · cols, C = vc · rows (rows = 1).
    const R = vr.map((x) => x * cols);
    const C = vc.map((x) => x);
    const update = adafactorFactored(w, g, R, C, t, h, 1, cols);
    R.forEach((x, i) => (vr[i] = x / cols));
    C.forEach((x, j) => (vc[j] = x));
    return update;
  },

  // Unfactored Adafactor (transformers' Adafactor with relative_step and scale_parameter, beta1 None).
  adafactor_unfactored: (w, g, [v], t, h) => {
    const rms = (x: ArrayLike<number>) => l2(x) / Math.sqrt(x.length);
    const α = Math.max(h.ε2, rms(w)) * Math.min(0.01, 1 / Math.sqrt(t));
    const β2 = 1 - t ** -h.c;
    for (let i = 0; i < g.length; i++) v[i] = β2 * v[i] + (1 - β2) * (g[i] * g[i] + h.ε1);
    const u = map(g.length, (i) => g[i] / Math.sqrt(v[i]));
    const clip = Math.max(1, rms(u) / h.d);
    return map(u.length, (i) => (α * u[i]) / clip);
  },
};
