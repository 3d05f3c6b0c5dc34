// "programs/tfjs/adamax.opt": state "m", "u"; hyperparameters "\u03b21", "\u03b22", "lr", "decay", "\u03b5"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const v4 = w.map((_, t) => tf.mul(h[row[t]][0], s[0][t]));
  const v7 = w.map((_, t) => tf.mul(p[row[t]][0], g[t]));
  const v8_m = w.map((_, t) => tf.add(v4[t], v7[t]));
  const v10 = w.map((_, t) => tf.mul(h[row[t]][1], s[1][t]));
  const v11 = w.map((_, t) => tf.abs(g[t]));
  const v12_u = w.map((_, t) => tf.engine().runKernel('Select', { condition: tf.isNaN(v10[t]), t: v10[t], e: tf.engine().runKernel('Select', { condition: tf.isNaN(v11[t]), t: v11[t], e: tf.maximum(v10[t], v11[t]) }) }));
  const v24 = w.map((_, t) => tf.add(v12_u[t], h[row[t]][4]));
  const v25 = w.map((_, t) => tf.div(v8_m[t], v24[t]));
  const v26_update = w.map((_, t) => tf.mul(p[row[t]][1], v25[t]));
  return {
    update: w.map((_, t) => v26_update[t]),
    state: [w.map((_, t) => v8_m[t]), w.map((_, t) => v12_u[t])],
  };
}

const PROGRAM = {
  className: "OpticAdamax",
  file: "programs/tfjs/adamax.opt",
  fingerprint: "53779f76",
  state: ["m", "u"],
  inputs: [],
  hypers: [{ name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "lr", default: 0.002 }, { name: "decay", default: 0 }, { name: "\u03b5", default: 1e-7 }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "hyper", args: [], index: 0 }, { id: 5, op: "const", args: [], value: 1 }, { id: 6, op: "sub", args: [1, 0] }, { id: 9, op: "hyper", args: [], index: 1 }, { id: 13, op: "hyper", args: [], index: 2 }, { id: 14, op: "step", args: [] }, { id: 15, op: "sub", args: [5, 1] }, { id: 16, op: "hyper", args: [], index: 3 }, { id: 17, op: "mul", args: [6, 7] }, { id: 18, op: "add", args: [8, 1] }, { id: 19, op: "div", args: [4, 9] }, { id: 20, op: "pow", args: [0, 5] }, { id: 21, op: "sub", args: [1, 11] }, { id: 22, op: "div", args: [10, 12] }, { id: 23, op: "hyper", args: [], index: 4 }], outputs: [{ id: 6, at: 2 }, { id: 22, at: 13 }] },
  constants: [],
};
