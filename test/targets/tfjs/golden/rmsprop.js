// "programs/rmsprop.opt": state "v"; hyperparameters "\u03bb", "\u03b1", "lr", "\u03b5"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const v4 = w.map((_, t) => tf.mul(h[row[t]][0], w[t]));
  const v5_g = w.map((_, t) => tf.add(g[t], v4[t]));
  const v6 = w.map((_, t) => tf.square(v5_g[t]));
  const v10 = w.map((_, t) => tf.mul(p[row[t]][0], v6[t]));
  const v11 = w.map((_, t) => tf.mul(h[row[t]][1], s[0][t]));
  const v12_v = w.map((_, t) => tf.add(v10[t], v11[t]));
  const v14 = w.map((_, t) => tf.mul(h[row[t]][2], v5_g[t]));
  const v15 = w.map((_, t) => tf.sqrt(v12_v[t]));
  const v17 = w.map((_, t) => tf.add(v15[t], h[row[t]][3]));
  const v18_update = w.map((_, t) => tf.div(v14[t], v17[t]));
  return {
    update: w.map((_, t) => v18_update[t]),
    state: [w.map((_, t) => v12_v[t])],
  };
}

const PROGRAM = {
  className: "OpticRmsprop",
  file: "programs/rmsprop.opt",
  fingerprint: "6f5e30eb",
  state: ["v"],
  inputs: [],
  hypers: [{ name: "\u03bb", default: 0 }, { name: "\u03b1", default: 0.99 }, { name: "lr", default: 0.01 }, { name: "\u03b5", default: 1e-8 }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "hyper", args: [], index: 0 }, { id: 7, op: "hyper", args: [], index: 1 }, { id: 8, op: "const", args: [], value: 1 }, { id: 9, op: "sub", args: [2, 1] }, { id: 13, op: "hyper", args: [], index: 2 }, { id: 16, op: "hyper", args: [], index: 3 }], outputs: [{ id: 9, at: 3 }] },
  constants: [],
};
