// "programs/sgd.opt": state (none); hyperparameters "\u03bb", "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const v3 = w.map((_, t) => tf.mul(h[row[t]][0], w[t]));
  const v4_g = w.map((_, t) => tf.add(g[t], v3[t]));
  const v6_update = w.map((_, t) => tf.mul(h[row[t]][1], v4_g[t]));
  return {
    update: w.map((_, t) => v6_update[t]),
    state: [],
  };
}

const PROGRAM = {
  className: "OpticSgd",
  file: "programs/sgd.opt",
  fingerprint: "74b9d87f",
  state: [],
  inputs: [],
  hypers: [{ name: "\u03bb", default: 0 }, { name: "lr", default: 0.01 }],
  perStep: { math: "ieee", nodes: [{ id: 2, op: "hyper", args: [], index: 0 }, { id: 5, op: "hyper", args: [], index: 1 }], outputs: [] },
  constants: [],
};
