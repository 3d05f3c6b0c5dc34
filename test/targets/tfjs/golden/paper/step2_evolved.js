// "programs/paper/step2_evolved.opt": state "m", "v"; hyperparameters "\u03bb", "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 1
  const k1 = k[1]; // 0.09999999999999998
  const k2 = k[2]; // 0.9
  const k3 = k[3]; // -0.10000000000000009
  const k4 = k[4]; // 1.1
  const k5 = k[5]; // 0
  const clipScale_ = (n, c, q = tf.div(c, n)) => tf.engine().runKernel('Select', { condition: tf.equal(n, k5), t: k0, e: tf.engine().runKernel('Select', { condition: tf.isNaN(q), t: q, e: tf.minimum(k0, q) }) });
  const sum_ = (x) => (x.size === 0 ? k5 : tf.sum(x));
  const v4_g_s0 = tf.addN(w.map((_, t) => sum_(tf.square(g[t]))));
  const v4_g_r = clipScale_(tf.sqrt(v4_g_s0), k0);
  const v4_g = w.map((_, t) => tf.mul(g[t], v4_g_r));
  const v5_g = w.map((_, t) => tf.asin(v4_g[t]));
  const v8 = w.map((_, t) => tf.mul(k1, v5_g[t]));
  const v9 = w.map((_, t) => tf.mul(k2, s[1][t]));
  const v10_m = w.map((_, t) => tf.add(v8[t], v9[t]));
  const v11_m2 = w.map((_, t) => tf.square(v10_m[t]));
  const v14 = w.map((_, t) => tf.mul(k3, v5_g[t]));
  const v15 = w.map((_, t) => tf.mul(k4, v10_m[t]));
  const v16_v = w.map((_, t) => tf.add(v14[t], v15[t]));
  const v17_m_abs = w.map((_, t) => tf.sqrt(v11_m2[t]));
  const v18_update = w.map((_, t) => tf.div(v10_m[t], v17_m_abs[t]));
  const v20_wd = w.map((_, t) => tf.mul(w[t], h[row[t]][0]));
  const v21_update = w.map((_, t) => tf.add(v18_update[t], v20_wd[t]));
  const v23_update = w.map((_, t) => tf.mul(v21_update[t], h[row[t]][1]));
  return {
    update: w.map((_, t) => v23_update[t]),
    state: [w.map((_, t) => v10_m[t]), w.map((_, t) => v16_v[t])],
  };
}

const PROGRAM = {
  className: "OpticStep2Evolved",
  file: "programs/paper/step2_evolved.opt",
  fingerprint: "1eb016f4",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03bb" }, { name: "lr" }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "const", args: [], value: 1 }, { id: 6, op: "const", args: [], value: 0.9 }, { id: 7, op: "const", args: [], value: 0.09999999999999998 }, { id: 12, op: "const", args: [], value: 1.1 }, { id: 13, op: "const", args: [], value: -0.10000000000000009 }, { id: 19, op: "hyper", args: [], index: 0 }, { id: 22, op: "hyper", args: [], index: 1 }], outputs: [] },
  constants: [1, 0.09999999999999998, 0.9, -0.10000000000000009, 1.1, 0],
};
