// "programs/adam.opt": state "m", "v"; hyperparameters "\u03bb", "\u03b21", "\u03b22", "lr", "\u03b5"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const v5 = w.map((_, t) => tf.mul(h[row[t]][0], w[t]));
  const v6_g = w.map((_, t) => tf.add(g[t], v5[t]));
  const v10 = w.map((_, t) => tf.mul(p[row[t]][0], v6_g[t]));
  const v11 = w.map((_, t) => tf.mul(h[row[t]][1], s[0][t]));
  const v12_m = w.map((_, t) => tf.add(v10[t], v11[t]));
  const v13 = w.map((_, t) => tf.square(v6_g[t]));
  const v17 = w.map((_, t) => tf.mul(p[row[t]][1], v13[t]));
  const v18 = w.map((_, t) => tf.mul(h[row[t]][2], s[1][t]));
  const v19_v = w.map((_, t) => tf.add(v17[t], v18[t]));
  const v24_m_hat = w.map((_, t) => tf.div(v12_m[t], p[row[t]][2]));
  const v27_v_hat = w.map((_, t) => tf.div(v19_v[t], p[row[t]][3]));
  const v29 = w.map((_, t) => tf.mul(h[row[t]][3], v24_m_hat[t]));
  const v30 = w.map((_, t) => tf.sqrt(v27_v_hat[t]));
  const v32 = w.map((_, t) => tf.add(v30[t], h[row[t]][4]));
  const v33_update = w.map((_, t) => tf.div(v29[t], v32[t]));
  return {
    update: w.map((_, t) => v33_update[t]),
    state: [w.map((_, t) => v12_m[t]), w.map((_, t) => v19_v[t])],
  };
}

const PROGRAM = {
  className: "OpticAdam",
  file: "programs/adam.opt",
  fingerprint: "d1c222fe",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03bb", default: 0 }, { name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "lr", default: 0.001 }, { name: "\u03b5", default: 1e-8 }],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "hyper", args: [], index: 0 }, { id: 7, op: "hyper", args: [], index: 1 }, { id: 8, op: "const", args: [], value: 1 }, { id: 9, op: "sub", args: [2, 1] }, { id: 14, op: "hyper", args: [], index: 2 }, { id: 15, op: "const", args: [], value: 1 }, { id: 16, op: "sub", args: [5, 4] }, { id: 20, op: "const", args: [], value: 1 }, { id: 21, op: "step", args: [] }, { id: 22, op: "pow", args: [1, 8] }, { id: 23, op: "sub", args: [7, 9] }, { id: 25, op: "pow", args: [4, 8] }, { id: 26, op: "sub", args: [7, 11] }, { id: 28, op: "hyper", args: [], index: 3 }, { id: 31, op: "hyper", args: [], index: 4 }], outputs: [{ id: 9, at: 3 }, { id: 16, at: 6 }, { id: 23, at: 10 }, { id: 26, at: 12 }] },
  constants: [],
};
