// "programs/adan.opt": state "m", "d", "n", "prev"; hyperparameters "\u03b21", "\u03b22", "\u03b23", "\u03b5", "lr", "\u03bb"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 0
  const v9 = w.map((_, t) => tf.where(tf.notEqual(p[row[t]][0], k0), g[t], s[3][t]));
  const v10_u394 = w.map((_, t) => tf.sub(g[t], v9[t]));
  const v14 = w.map((_, t) => tf.mul(p[row[t]][1], g[t]));
  const v15 = w.map((_, t) => tf.mul(h[row[t]][0], s[0][t]));
  const v16_m = w.map((_, t) => tf.add(v14[t], v15[t]));
  const v20 = w.map((_, t) => tf.mul(p[row[t]][2], v10_u394[t]));
  const v21 = w.map((_, t) => tf.mul(h[row[t]][1], s[1][t]));
  const v22_d = w.map((_, t) => tf.add(v20[t], v21[t]));
  const v23 = w.map((_, t) => tf.mul(h[row[t]][1], v10_u394[t]));
  const v24 = w.map((_, t) => tf.add(g[t], v23[t]));
  const v25 = w.map((_, t) => tf.square(v24[t]));
  const v29 = w.map((_, t) => tf.mul(p[row[t]][3], v25[t]));
  const v30 = w.map((_, t) => tf.mul(h[row[t]][2], s[2][t]));
  const v31_n = w.map((_, t) => tf.add(v29[t], v30[t]));
  const v34_m_hat = w.map((_, t) => tf.div(v16_m[t], p[row[t]][4]));
  const v37_d_hat = w.map((_, t) => tf.div(v22_d[t], p[row[t]][5]));
  const v40_n_hat = w.map((_, t) => tf.div(v31_n[t], p[row[t]][6]));
  const v41 = w.map((_, t) => tf.mul(h[row[t]][1], v37_d_hat[t]));
  const v42 = w.map((_, t) => tf.add(v34_m_hat[t], v41[t]));
  const v43 = w.map((_, t) => tf.sqrt(v40_n_hat[t]));
  const v45 = w.map((_, t) => tf.add(v43[t], h[row[t]][3]));
  const v46_u = w.map((_, t) => tf.div(v42[t], v45[t]));
  const v49 = w.map((_, t) => tf.mul(h[row[t]][5], w[t]));
  const v50 = w.map((_, t) => tf.add(v46_u[t], v49[t]));
  const v51 = w.map((_, t) => tf.mul(h[row[t]][4], v50[t]));
  const v54_update = w.map((_, t) => tf.div(v51[t], p[row[t]][7]));
  return {
    update: w.map((_, t) => v54_update[t]),
    state: [w.map((_, t) => v16_m[t]), w.map((_, t) => v22_d[t]), w.map((_, t) => v31_n[t]), w.map((_, t) => g[t])],
  };
}

const PROGRAM = {
  className: "OpticAdan",
  file: "programs/adan.opt",
  fingerprint: "18e8048c",
  state: ["m", "d", "n", "prev"],
  inputs: [],
  hypers: [{ name: "\u03b21", default: 0.98 }, { name: "\u03b22", default: 0.92 }, { name: "\u03b23", default: 0.99 }, { name: "\u03b5", default: 1e-8 }, { name: "lr", default: 0.001 }, { name: "\u03bb", default: 0.02 }],
  perStep: { math: "ieee", nodes: [{ id: 6, op: "step", args: [] }, { id: 7, op: "const", args: [], value: 1 }, { id: 8, op: "eq", args: [0, 1] }, { id: 11, op: "hyper", args: [], index: 0 }, { id: 12, op: "const", args: [], value: 1 }, { id: 13, op: "sub", args: [4, 3] }, { id: 17, op: "hyper", args: [], index: 1 }, { id: 18, op: "const", args: [], value: 1 }, { id: 19, op: "sub", args: [7, 6] }, { id: 26, op: "hyper", args: [], index: 2 }, { id: 27, op: "const", args: [], value: 1 }, { id: 28, op: "sub", args: [10, 9] }, { id: 32, op: "pow", args: [3, 0] }, { id: 33, op: "sub", args: [1, 12] }, { id: 35, op: "pow", args: [6, 0] }, { id: 36, op: "sub", args: [1, 14] }, { id: 38, op: "pow", args: [9, 0] }, { id: 39, op: "sub", args: [1, 16] }, { id: 44, op: "hyper", args: [], index: 3 }, { id: 47, op: "hyper", args: [], index: 4 }, { id: 48, op: "hyper", args: [], index: 5 }, { id: 52, op: "mul", args: [19, 20] }, { id: 53, op: "add", args: [1, 21] }], outputs: [{ id: 8, at: 2 }, { id: 13, at: 5 }, { id: 19, at: 8 }, { id: 28, at: 11 }, { id: 33, at: 13 }, { id: 36, at: 15 }, { id: 39, at: 17 }, { id: 53, at: 22 }] },
  constants: [0],
};
