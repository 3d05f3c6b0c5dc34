// "programs/tfjs/adagrad.opt": state "accumulator"; hyperparameters "initial_accumulator", "\u03b5", "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const v2 = w.map((_, t) => tf.square(g[t]));
  const v3_accumulator = w.map((_, t) => tf.add(s[0][t], v2[t]));
  const v5 = w.map((_, t) => tf.add(v3_accumulator[t], h[row[t]][0]));
  const v7 = w.map((_, t) => tf.add(v5[t], h[row[t]][1]));
  const v8 = w.map((_, t) => tf.sqrt(v7[t]));
  const v9 = w.map((_, t) => tf.div(g[t], v8[t]));
  const v11_update = w.map((_, t) => tf.mul(v9[t], h[row[t]][2]));
  return {
    update: w.map((_, t) => v11_update[t]),
    state: [w.map((_, t) => v3_accumulator[t])],
  };
}

const PROGRAM = {
  className: "OpticAdagrad",
  file: "programs/tfjs/adagrad.opt",
  fingerprint: "61b73201",
  state: ["accumulator"],
  inputs: [],
  hypers: [{ name: "initial_accumulator", default: 0.1 }, { name: "\u03b5", default: 1e-7 }, { name: "lr", default: 0.01 }],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "hyper", args: [], index: 0 }, { id: 6, op: "hyper", args: [], index: 1 }, { id: 10, op: "hyper", args: [], index: 2 }], outputs: [] },
  constants: [],
};
