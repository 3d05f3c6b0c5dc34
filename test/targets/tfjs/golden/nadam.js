// "programs/nadam.opt": state "m", "v", "mu_product_minus_1"; hyperparameters "\u03bb", "\u03b21", "\u03c8", "\u03b22", "lr", "\u03b5"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 1
  const v6 = w.map((_, t) => tf.mul(h[row[t]][0], w[t]));
  const v7_g = w.map((_, t) => tf.add(g[t], v6[t]));
  const v25 = w.map((_, t) => tf.add(s[2][t], k0));
  const v26_mu_product = w.map((_, t) => tf.mul(v25[t], p[row[t]][0]));
  const v29 = w.map((_, t) => tf.mul(p[row[t]][2], v7_g[t]));
  const v30 = w.map((_, t) => tf.mul(h[row[t]][1], s[0][t]));
  const v31_m = w.map((_, t) => tf.add(v29[t], v30[t]));
  const v32 = w.map((_, t) => tf.square(v7_g[t]));
  const v36 = w.map((_, t) => tf.mul(p[row[t]][3], v32[t]));
  const v37 = w.map((_, t) => tf.mul(h[row[t]][3], s[1][t]));
  const v38_v = w.map((_, t) => tf.add(v36[t], v37[t]));
  const v39 = w.map((_, t) => tf.mul(p[row[t]][1], v31_m[t]));
  const v40 = w.map((_, t) => tf.mul(v26_mu_product[t], p[row[t]][1]));
  const v41 = w.map((_, t) => tf.sub(k0, v40[t]));
  const v42 = w.map((_, t) => tf.div(v39[t], v41[t]));
  const v44 = w.map((_, t) => tf.mul(p[row[t]][4], v7_g[t]));
  const v45 = w.map((_, t) => tf.sub(k0, v26_mu_product[t]));
  const v46 = w.map((_, t) => tf.div(v44[t], v45[t]));
  const v47_m_hat = w.map((_, t) => tf.add(v42[t], v46[t]));
  const v50_v_hat = w.map((_, t) => tf.div(v38_v[t], p[row[t]][5]));
  const v52 = w.map((_, t) => tf.mul(h[row[t]][4], v47_m_hat[t]));
  const v53 = w.map((_, t) => tf.sqrt(v50_v_hat[t]));
  const v55 = w.map((_, t) => tf.add(v53[t], h[row[t]][5]));
  const v56_update = w.map((_, t) => tf.div(v52[t], v55[t]));
  const v57_mu_product_minus_1 = w.map((_, t) => tf.sub(v26_mu_product[t], k0));
  return {
    update: w.map((_, t) => v56_update[t]),
    state: [w.map((_, t) => v31_m[t]), w.map((_, t) => v38_v[t]), w.map((_, t) => v57_mu_product_minus_1[t])],
  };
}

const PROGRAM = {
  className: "OpticNadam",
  file: "programs/nadam.opt",
  fingerprint: "3d813470",
  state: ["m", "v", "mu_product_minus_1"],
  inputs: [],
  hypers: [{ name: "\u03bb", default: 0 }, { name: "\u03b21", default: 0.9 }, { name: "\u03c8", default: 0.004 }, { name: "\u03b22", default: 0.999 }, { name: "lr", default: 0.002 }, { name: "\u03b5", default: 1e-8 }],
  perStep: { math: "ieee", nodes: [{ id: 5, op: "hyper", args: [], index: 0 }, { id: 8, op: "hyper", args: [], index: 1 }, { id: 9, op: "const", args: [], value: 1 }, { id: 10, op: "const", args: [], value: 0.5 }, { id: 11, op: "const", args: [], value: 0.96 }, { id: 12, op: "step", args: [] }, { id: 13, op: "hyper", args: [], index: 2 }, { id: 14, op: "mul", args: [5, 6] }, { id: 15, op: "pow", args: [4, 7] }, { id: 16, op: "mul", args: [3, 8] }, { id: 17, op: "sub", args: [2, 9] }, { id: 18, op: "mul", args: [1, 10] }, { id: 19, op: "add", args: [5, 2] }, { id: 20, op: "mul", args: [12, 6] }, { id: 21, op: "pow", args: [4, 13] }, { id: 22, op: "mul", args: [3, 14] }, { id: 23, op: "sub", args: [2, 15] }, { id: 24, op: "mul", args: [1, 16] }, { id: 27, op: "const", args: [], value: 1 }, { id: 28, op: "sub", args: [18, 1] }, { id: 33, op: "hyper", args: [], index: 3 }, { id: 34, op: "const", args: [], value: 1 }, { id: 35, op: "sub", args: [21, 20] }, { id: 43, op: "sub", args: [2, 11] }, { id: 48, op: "pow", args: [20, 5] }, { id: 49, op: "sub", args: [2, 24] }, { id: 51, op: "hyper", args: [], index: 4 }, { id: 54, op: "hyper", args: [], index: 5 }], outputs: [{ id: 18, at: 11 }, { id: 24, at: 17 }, { id: 28, at: 19 }, { id: 35, at: 22 }, { id: 43, at: 23 }, { id: 49, at: 25 }] },
  constants: [1],
};
