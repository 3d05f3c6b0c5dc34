// "programs/amsgrad.opt": state "m", "v", "v_max"; hyperparameters "\u03bb", "\u03b21", "\u03b22", "lr", "\u03b5"
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(1);
  const v6 = w.map((_, t) => tf.mul(h[row[t]][0], w[t]));
  const v7_g = w.map((_, t) => tf.add(g[t], v6[t]));
  const v9_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][1]), v7_g[t]), tf.mul(h[row[t]][1], s[0][t])));
  const v10 = w.map((_, t) => tf.square(v7_g[t]));
  const v12_v = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][2]), v10[t]), tf.mul(h[row[t]][2], s[1][t])));
  const v13_v_max = w.map((_, t) => tf.where(tf.isNaN(s[2][t]), s[2][t], tf.where(tf.isNaN(v12_v[t]), v12_v[t], tf.maximum(s[2][t], v12_v[t]))));
  const v18_m_hat = w.map((_, t) => tf.div(v9_m[t], p[row[t]][0]));
  const v21_v_hat = w.map((_, t) => tf.div(v13_v_max[t], p[row[t]][1]));
  const v23 = w.map((_, t) => tf.mul(h[row[t]][3], v18_m_hat[t]));
  const v24 = w.map((_, t) => tf.sqrt(v21_v_hat[t]));
  const v26 = w.map((_, t) => tf.add(v24[t], h[row[t]][4]));
  const v27_update = w.map((_, t) => tf.div(v23[t], v26[t]));
  return {
    update: w.map((_, t) => v27_update[t]),
    state: [w.map((_, t) => v9_m[t]), w.map((_, t) => v12_v[t]), w.map((_, t) => v13_v_max[t])],
  };
}

const PROGRAM = {
  className: "OpticAmsgrad",
  file: "programs/amsgrad.opt",
  fingerprint: "28d81679",
  state: ["m", "v", "v_max"],
  inputs: [],
  hypers: [{ name: "\u03bb", default: 0 }, { name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "lr", default: 0.001 }, { name: "\u03b5", default: 1e-8 }],
  perStep: { math: "ieee", nodes: [{ id: 5, op: "hyper", args: [], index: 0 }, { id: 8, op: "hyper", args: [], index: 1 }, { id: 11, op: "hyper", args: [], index: 2 }, { id: 14, op: "const", args: [], value: 1 }, { id: 15, op: "step", args: [] }, { id: 16, op: "pow", args: [1, 4] }, { id: 17, op: "sub", args: [3, 5] }, { id: 19, op: "pow", args: [2, 4] }, { id: 20, op: "sub", args: [3, 7] }, { id: 22, op: "hyper", args: [], index: 3 }, { id: 25, op: "hyper", args: [], index: 4 }], outputs: [{ id: 17, at: 6 }, { id: 20, at: 8 }] },
};
