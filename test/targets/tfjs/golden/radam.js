// "programs/radam.opt": state "m", "v"; hyperparameters "\u03bb", "\u03b21", "\u03b22", "\u03b5", "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const v5 = w.map((_, t) => tf.mul(h[row[t]][0], w[t]));
  const v6_g = w.map((_, t) => tf.add(g[t], v5[t]));
  const v10 = w.map((_, t) => tf.mul(p[row[t]][0], v6_g[t]));
  const v11 = w.map((_, t) => tf.mul(h[row[t]][1], s[0][t]));
  const v12_m = w.map((_, t) => tf.add(v10[t], v11[t]));
  const v13 = w.map((_, t) => tf.square(v6_g[t]));
  const v17 = w.map((_, t) => tf.mul(p[row[t]][1], v13[t]));
  const v18 = w.map((_, t) => tf.mul(h[row[t]][2], s[1][t]));
  const v19_v = w.map((_, t) => tf.add(v17[t], v18[t]));
  const v24_m_hat = w.map((_, t) => tf.div(v12_m[t], p[row[t]][2]));
  const v51 = w.map((_, t) => tf.sqrt(v19_v[t]));
  const v53 = w.map((_, t) => tf.add(v51[t], h[row[t]][3]));
  const v54_l = w.map((_, t) => tf.div(p[row[t]][3], v53[t]));
  const v56 = w.map((_, t) => tf.mul(h[row[t]][4], v24_m_hat[t]));
  const v58 = w.map((_, t) => tf.mul(p[row[t]][4], v54_l[t]));
  const v60 = w.map((_, t) => tf.add(v58[t], p[row[t]][5]));
  const v61_update = w.map((_, t) => tf.mul(v56[t], v60[t]));
  return {
    update: w.map((_, t) => v61_update[t]),
    state: [w.map((_, t) => v12_m[t]), w.map((_, t) => v19_v[t])],
  };
}

const PROGRAM = {
  className: "OpticRadam",
  file: "programs/radam.opt",
  fingerprint: "121048bb",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03bb", default: 0 }, { name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "\u03b5", default: 1e-8 }, { name: "lr", default: 0.001 }],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "hyper", args: [], index: 0 }, { id: 7, op: "hyper", args: [], index: 1 }, { id: 8, op: "const", args: [], value: 1 }, { id: 9, op: "sub", args: [2, 1] }, { id: 14, op: "hyper", args: [], index: 2 }, { id: 15, op: "const", args: [], value: 1 }, { id: 16, op: "sub", args: [5, 4] }, { id: 20, op: "const", args: [], value: 1 }, { id: 21, op: "step", args: [] }, { id: 22, op: "pow", args: [1, 8] }, { id: 23, op: "sub", args: [7, 9] }, { id: 25, op: "const", args: [], value: 2 }, { id: 26, op: "sub", args: [7, 4] }, { id: 27, op: "div", args: [11, 12] }, { id: 28, op: "sub", args: [13, 7] }, { id: 29, op: "pow", args: [4, 8] }, { id: 30, op: "mul", args: [11, 8] }, { id: 31, op: "mul", args: [16, 15] }, { id: 32, op: "sub", args: [7, 15] }, { id: 33, op: "div", args: [17, 18] }, { id: 34, op: "sub", args: [14, 19] }, { id: 35, op: "const", args: [], value: 4 }, { id: 36, op: "sub", args: [20, 21] }, { id: 37, op: "sign", args: [22] }, { id: 38, op: "const", args: [], value: 0 }, { id: 39, op: "max", args: [23, 24] }, { id: 40, op: "max", args: [22, 24] }, { id: 41, op: "sub", args: [20, 11] }, { id: 42, op: "mul", args: [26, 27] }, { id: 43, op: "mul", args: [28, 14] }, { id: 44, op: "sub", args: [14, 21] }, { id: 45, op: "sub", args: [14, 11] }, { id: 46, op: "mul", args: [30, 31] }, { id: 47, op: "mul", args: [32, 20] }, { id: 48, op: "div", args: [29, 33] }, { id: 49, op: "sqrt", args: [34] }, { id: 50, op: "sqrt", args: [18] }, { id: 52, op: "hyper", args: [], index: 3 }, { id: 55, op: "hyper", args: [], index: 4 }, { id: 57, op: "mul", args: [25, 35] }, { id: 59, op: "sub", args: [7, 25] }], outputs: [{ id: 9, at: 3 }, { id: 16, at: 6 }, { id: 23, at: 10 }, { id: 50, at: 36 }, { id: 57, at: 39 }, { id: 59, at: 40 }] },
  constants: [],
};
