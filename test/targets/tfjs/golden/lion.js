// "programs/lion.opt": state "m"; hyperparameters "\u03b22", "\u03b21", "\u03bb", "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 1.7014118346046923e+38
  const sign_ = (x) => tf.tanh(tf.mul(tf.mul(x, k0), k0));
  const v11_m_hat = w.map((_, t) => tf.div(s[0][t], p[row[t]][0]));
  const v15 = w.map((_, t) => tf.mul(p[row[t]][1], g[t]));
  const v16 = w.map((_, t) => tf.mul(h[row[t]][1], v11_m_hat[t]));
  const v17_c = w.map((_, t) => tf.add(v15[t], v16[t]));
  const v18 = w.map((_, t) => sign_(v17_c[t]));
  const v20 = w.map((_, t) => tf.mul(h[row[t]][2], w[t]));
  const v21_update = w.map((_, t) => tf.add(v18[t], v20[t]));
  const v23_update = w.map((_, t) => tf.mul(h[row[t]][3], v21_update[t]));
  const v26 = w.map((_, t) => tf.mul(p[row[t]][2], g[t]));
  const v27 = w.map((_, t) => tf.mul(h[row[t]][0], s[0][t]));
  const v28_m = w.map((_, t) => tf.add(v26[t], v27[t]));
  return {
    update: w.map((_, t) => v23_update[t]),
    state: [w.map((_, t) => v28_m[t])],
  };
}

const PROGRAM = {
  className: "OpticLion",
  file: "programs/lion.opt",
  fingerprint: "e9f5d489",
  state: ["m"],
  inputs: [],
  hypers: [{ name: "\u03b22", default: 0.99 }, { name: "\u03b21", default: 0.9 }, { name: "\u03bb", default: 1 }, { name: "lr", default: 0.0003 }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "const", args: [], value: 1 }, { id: 4, op: "step", args: [] }, { id: 5, op: "sub", args: [1, 0] }, { id: 6, op: "min", args: [2, 0] }, { id: 7, op: "hyper", args: [], index: 0 }, { id: 8, op: "pow", args: [4, 2] }, { id: 9, op: "mul", args: [3, 5] }, { id: 10, op: "sub", args: [0, 6] }, { id: 12, op: "hyper", args: [], index: 1 }, { id: 13, op: "const", args: [], value: 1 }, { id: 14, op: "sub", args: [9, 8] }, { id: 19, op: "hyper", args: [], index: 2 }, { id: 22, op: "hyper", args: [], index: 3 }, { id: 24, op: "const", args: [], value: 1 }, { id: 25, op: "sub", args: [13, 4] }], outputs: [{ id: 10, at: 7 }, { id: 14, at: 10 }, { id: 25, at: 14 }] },
  constants: [1.7014118346046923e+38],
};
