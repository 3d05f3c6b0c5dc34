// "programs/signum.opt": state "m"; hyperparameters "\u03b2", "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 1.7014118346046923e+38
  const sign_ = (x) => tf.tanh(tf.mul(tf.mul(x, k0), k0));
  const v5 = w.map((_, t) => tf.mul(p[row[t]][0], g[t]));
  const v6 = w.map((_, t) => tf.mul(h[row[t]][0], s[0][t]));
  const v7_m = w.map((_, t) => tf.add(v5[t], v6[t]));
  const v9 = w.map((_, t) => sign_(v7_m[t]));
  const v10_update = w.map((_, t) => tf.mul(h[row[t]][1], v9[t]));
  return {
    update: w.map((_, t) => v10_update[t]),
    state: [w.map((_, t) => v7_m[t])],
  };
}

const PROGRAM = {
  className: "OpticSignum",
  file: "programs/signum.opt",
  fingerprint: "8960816d",
  state: ["m"],
  inputs: [],
  hypers: [{ name: "\u03b2", default: 0.9 }, { name: "lr", default: 0.0001 }],
  perStep: { math: "ieee", nodes: [{ id: 2, op: "hyper", args: [], index: 0 }, { id: 3, op: "const", args: [], value: 1 }, { id: 4, op: "sub", args: [1, 0] }, { id: 8, op: "hyper", args: [], index: 1 }], outputs: [{ id: 4, at: 2 }] },
  constants: [1.7014118346046923e+38],
};
