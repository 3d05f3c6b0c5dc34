// "programs/adagrad.opt": state "acc"; hyperparameters "\u03bb", "lr", "lr_decay", "\u03b5"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const v4 = w.map((_, t) => tf.mul(h[row[t]][0], w[t]));
  const v5_g = w.map((_, t) => tf.add(g[t], v4[t]));
  const v6 = w.map((_, t) => tf.square(v5_g[t]));
  const v7_acc = w.map((_, t) => tf.add(s[0][t], v6[t]));
  const v16 = w.map((_, t) => tf.mul(p[row[t]][0], v5_g[t]));
  const v17 = w.map((_, t) => tf.sqrt(v7_acc[t]));
  const v19 = w.map((_, t) => tf.add(v17[t], h[row[t]][3]));
  const v20_update = w.map((_, t) => tf.div(v16[t], v19[t]));
  return {
    update: w.map((_, t) => v20_update[t]),
    state: [w.map((_, t) => v7_acc[t])],
  };
}

const PROGRAM = {
  className: "OpticAdagrad",
  file: "programs/adagrad.opt",
  fingerprint: "0d757dea",
  state: ["acc"],
  inputs: [],
  hypers: [{ name: "\u03bb", default: 0 }, { name: "lr", default: 0.01 }, { name: "lr_decay", default: 0 }, { name: "\u03b5", default: 1e-10 }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "hyper", args: [], index: 0 }, { id: 8, op: "hyper", args: [], index: 1 }, { id: 9, op: "const", args: [], value: 1 }, { id: 10, op: "step", args: [] }, { id: 11, op: "sub", args: [3, 2] }, { id: 12, op: "hyper", args: [], index: 2 }, { id: 13, op: "mul", args: [4, 5] }, { id: 14, op: "add", args: [2, 6] }, { id: 15, op: "div", args: [1, 7] }, { id: 18, op: "hyper", args: [], index: 3 }], outputs: [{ id: 15, at: 8 }] },
  constants: [],
};
