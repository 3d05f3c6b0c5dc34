// "programs/radam.opt": state "m", "v"; hyperparameters "\u03bb", "\u03b21", "\u03b22", "\u03b5", "lr"
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(1);
  const k1 = tf.scalar(2);
  const k2 = tf.scalar(4);
  const k3 = tf.scalar(0);
  const v5 = w.map((_, t) => tf.mul(h[row[t]][0], w[t]));
  const v6_g = w.map((_, t) => tf.add(g[t], v5[t]));
  const v8_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][1]), v6_g[t]), tf.mul(h[row[t]][1], s[0][t])));
  const v9 = w.map((_, t) => tf.square(v6_g[t]));
  const v11_v = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][2]), v9[t]), tf.mul(h[row[t]][2], s[1][t])));
  const v16_m_hat = w.map((_, t) => tf.div(v8_m[t], p[row[t]][0]));
  const v43 = w.map((_, t) => tf.sqrt(v11_v[t]));
  const v45 = w.map((_, t) => tf.add(v43[t], h[row[t]][3]));
  const v46_l = w.map((_, t) => tf.div(p[row[t]][1], v45[t]));
  const v48 = w.map((_, t) => tf.mul(h[row[t]][4], v16_m_hat[t]));
  const v50 = w.map((_, t) => tf.mul(p[row[t]][2], v46_l[t]));
  const v52 = w.map((_, t) => tf.add(v50[t], p[row[t]][3]));
  const v53_update = w.map((_, t) => tf.mul(v48[t], v52[t]));
  return {
    update: w.map((_, t) => v53_update[t]),
    state: [w.map((_, t) => v8_m[t]), w.map((_, t) => v11_v[t])],
  };
}

const PROGRAM = {
  className: "OpticRadam",
  file: "programs/radam.opt",
  fingerprint: "cabd7198",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03bb", default: 0 }, { name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "\u03b5", default: 1e-8 }, { name: "lr", default: 0.001 }],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "hyper", args: [], index: 0 }, { id: 7, op: "hyper", args: [], index: 1 }, { id: 10, op: "hyper", args: [], index: 2 }, { id: 12, op: "const", args: [], value: 1 }, { id: 13, op: "step", args: [] }, { id: 14, op: "pow", args: [1, 4] }, { id: 15, op: "sub", args: [3, 5] }, { id: 17, op: "const", args: [], value: 2 }, { id: 18, op: "sub", args: [3, 2] }, { id: 19, op: "div", args: [7, 8] }, { id: 20, op: "sub", args: [9, 3] }, { id: 21, op: "pow", args: [2, 4] }, { id: 22, op: "mul", args: [7, 4] }, { id: 23, op: "mul", args: [12, 11] }, { id: 24, op: "sub", args: [3, 11] }, { id: 25, op: "div", args: [13, 14] }, { id: 26, op: "sub", args: [10, 15] }, { id: 27, op: "const", args: [], value: 4 }, { id: 28, op: "sub", args: [16, 17] }, { id: 29, op: "sign", args: [18] }, { id: 30, op: "const", args: [], value: 0 }, { id: 31, op: "max", args: [19, 20] }, { id: 32, op: "max", args: [18, 20] }, { id: 33, op: "sub", args: [16, 7] }, { id: 34, op: "mul", args: [22, 23] }, { id: 35, op: "mul", args: [24, 10] }, { id: 36, op: "sub", args: [10, 17] }, { id: 37, op: "sub", args: [10, 7] }, { id: 38, op: "mul", args: [26, 27] }, { id: 39, op: "mul", args: [28, 16] }, { id: 40, op: "div", args: [25, 29] }, { id: 41, op: "sqrt", args: [30] }, { id: 42, op: "sqrt", args: [14] }, { id: 44, op: "hyper", args: [], index: 3 }, { id: 47, op: "hyper", args: [], index: 4 }, { id: 49, op: "mul", args: [21, 31] }, { id: 51, op: "sub", args: [3, 21] }], outputs: [{ id: 15, at: 6 }, { id: 42, at: 32 }, { id: 49, at: 35 }, { id: 51, at: 36 }] },
};
