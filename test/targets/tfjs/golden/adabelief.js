// "programs/adabelief.opt": state "m", "s"; hyperparameters "\u03b21", "\u03b22", "\u03b5", "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const v6 = w.map((_, t) => tf.mul(p[row[t]][0], g[t]));
  const v7 = w.map((_, t) => tf.mul(h[row[t]][0], s[0][t]));
  const v8_m = w.map((_, t) => tf.add(v6[t], v7[t]));
  const v9 = w.map((_, t) => tf.sub(g[t], v8_m[t]));
  const v10 = w.map((_, t) => tf.square(v9[t]));
  const v14 = w.map((_, t) => tf.mul(p[row[t]][1], v10[t]));
  const v15 = w.map((_, t) => tf.mul(h[row[t]][1], s[1][t]));
  const v16 = w.map((_, t) => tf.add(v14[t], v15[t]));
  const v18_s = w.map((_, t) => tf.add(v16[t], h[row[t]][2]));
  const v23_m_hat = w.map((_, t) => tf.div(v8_m[t], p[row[t]][2]));
  const v26_s_hat = w.map((_, t) => tf.div(v18_s[t], p[row[t]][3]));
  const v28 = w.map((_, t) => tf.mul(h[row[t]][3], v23_m_hat[t]));
  const v29 = w.map((_, t) => tf.sqrt(v26_s_hat[t]));
  const v30 = w.map((_, t) => tf.add(v29[t], h[row[t]][2]));
  const v31_update = w.map((_, t) => tf.div(v28[t], v30[t]));
  return {
    update: w.map((_, t) => v31_update[t]),
    state: [w.map((_, t) => v8_m[t]), w.map((_, t) => v18_s[t])],
  };
}

const PROGRAM = {
  className: "OpticAdabelief",
  file: "programs/adabelief.opt",
  fingerprint: "ee61b2ae",
  state: ["m", "s"],
  inputs: [],
  hypers: [{ name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "\u03b5", default: 1e-16 }, { name: "lr", default: 0.001 }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "hyper", args: [], index: 0 }, { id: 4, op: "const", args: [], value: 1 }, { id: 5, op: "sub", args: [1, 0] }, { id: 11, op: "hyper", args: [], index: 1 }, { id: 12, op: "const", args: [], value: 1 }, { id: 13, op: "sub", args: [4, 3] }, { id: 17, op: "hyper", args: [], index: 2 }, { id: 19, op: "const", args: [], value: 1 }, { id: 20, op: "step", args: [] }, { id: 21, op: "pow", args: [0, 8] }, { id: 22, op: "sub", args: [7, 9] }, { id: 24, op: "pow", args: [3, 8] }, { id: 25, op: "sub", args: [7, 11] }, { id: 27, op: "hyper", args: [], index: 3 }], outputs: [{ id: 5, at: 2 }, { id: 13, at: 5 }, { id: 22, at: 10 }, { id: 25, at: 12 }] },
  constants: [],
};
