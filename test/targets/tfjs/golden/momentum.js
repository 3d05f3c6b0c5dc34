// "programs/momentum.opt": state "b"; hyperparameters "\u03bb", "\u03bc", "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const v4 = w.map((_, t) => tf.mul(h[row[t]][0], w[t]));
  const v5_g = w.map((_, t) => tf.add(g[t], v4[t]));
  const v7 = w.map((_, t) => tf.mul(h[row[t]][1], s[0][t]));
  const v8_b = w.map((_, t) => tf.add(v7[t], v5_g[t]));
  const v10_update = w.map((_, t) => tf.mul(h[row[t]][2], v8_b[t]));
  return {
    update: w.map((_, t) => v10_update[t]),
    state: [w.map((_, t) => v8_b[t])],
  };
}

const PROGRAM = {
  className: "OpticMomentum",
  file: "programs/momentum.opt",
  fingerprint: "e86417ba",
  state: ["b"],
  inputs: [],
  hypers: [{ name: "\u03bb", default: 0 }, { name: "\u03bc", default: 0.9 }, { name: "lr", default: 0.01 }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "hyper", args: [], index: 0 }, { id: 6, op: "hyper", args: [], index: 1 }, { id: 9, op: "hyper", args: [], index: 2 }], outputs: [] },
  constants: [],
};
