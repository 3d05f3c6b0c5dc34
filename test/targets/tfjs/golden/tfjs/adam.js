// "programs/tfjs/adam.opt": state "m", "v"; hyperparameters "\u03b21", "\u03b22", "\u03b5", "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const v4 = w.map((_, t) => tf.mul(h[row[t]][0], s[0][t]));
  const v7 = w.map((_, t) => tf.mul(p[row[t]][0], g[t]));
  const v8_m = w.map((_, t) => tf.add(v4[t], v7[t]));
  const v10 = w.map((_, t) => tf.mul(h[row[t]][1], s[1][t]));
  const v12 = w.map((_, t) => tf.square(g[t]));
  const v13 = w.map((_, t) => tf.mul(p[row[t]][1], v12[t]));
  const v14_v = w.map((_, t) => tf.add(v10[t], v13[t]));
  const v18_m_hat = w.map((_, t) => tf.div(v8_m[t], p[row[t]][2]));
  const v21_v_hat = w.map((_, t) => tf.div(v14_v[t], p[row[t]][3]));
  const v22 = w.map((_, t) => tf.sqrt(v21_v_hat[t]));
  const v24 = w.map((_, t) => tf.add(v22[t], h[row[t]][2]));
  const v25 = w.map((_, t) => tf.div(v18_m_hat[t], v24[t]));
  const v27_update = w.map((_, t) => tf.mul(v25[t], h[row[t]][3]));
  return {
    update: w.map((_, t) => v27_update[t]),
    state: [w.map((_, t) => v8_m[t]), w.map((_, t) => v14_v[t])],
  };
}

const PROGRAM = {
  className: "OpticAdam",
  file: "programs/tfjs/adam.opt",
  fingerprint: "dfc9811a",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "\u03b5", default: 1e-7 }, { name: "lr", default: 0.001 }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "hyper", args: [], index: 0 }, { id: 5, op: "const", args: [], value: 1 }, { id: 6, op: "sub", args: [1, 0] }, { id: 9, op: "hyper", args: [], index: 1 }, { id: 11, op: "sub", args: [1, 3] }, { id: 15, op: "step", args: [] }, { id: 16, op: "pow", args: [0, 5] }, { id: 17, op: "sub", args: [1, 6] }, { id: 19, op: "pow", args: [3, 5] }, { id: 20, op: "sub", args: [1, 8] }, { id: 23, op: "hyper", args: [], index: 2 }, { id: 26, op: "hyper", args: [], index: 3 }], outputs: [{ id: 6, at: 2 }, { id: 11, at: 4 }, { id: 17, at: 7 }, { id: 20, at: 9 }] },
  constants: [],
};
