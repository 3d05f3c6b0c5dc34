// "programs/paper/step2_evolved.opt": state "m", "v"; hyperparameters "\u03bb", "lr"
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(1);
  const k1 = tf.scalar(0.9);
  const k2 = tf.scalar(1.1);
  const k3 = tf.scalar(0);
  const clipScale_ = (n, c, q = tf.div(c, n)) => tf.where(tf.equal(n, k3), k0, tf.where(tf.isNaN(q), q, tf.minimum(k0, q)));
  const sum_ = (x) => (x.size === 0 ? k3 : tf.sum(x));
  const v4_g_s0 = tf.addN(w.map((_, t) => sum_(tf.square(g[t]))));
  const v4_g_r = clipScale_(tf.sqrt(v4_g_s0), k0);
  const v4_g = w.map((_, t) => tf.mul(g[t], v4_g_r));
  const v5_g = w.map((_, t) => tf.asin(v4_g[t]));
  const v7_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, k1), v5_g[t]), tf.mul(k1, s[1][t])));
  const v8_m2 = w.map((_, t) => tf.square(v7_m[t]));
  const v10_v = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, k2), v5_g[t]), tf.mul(k2, v7_m[t])));
  const v11_m_abs = w.map((_, t) => tf.sqrt(v8_m2[t]));
  const v12_update = w.map((_, t) => tf.div(v7_m[t], v11_m_abs[t]));
  const v14_wd = w.map((_, t) => tf.mul(w[t], h[row[t]][0]));
  const v15_update = w.map((_, t) => tf.add(v12_update[t], v14_wd[t]));
  const v17_update = w.map((_, t) => tf.mul(v15_update[t], h[row[t]][1]));
  return {
    update: w.map((_, t) => v17_update[t]),
    state: [w.map((_, t) => v7_m[t]), w.map((_, t) => v10_v[t])],
  };
}

const PROGRAM = {
  className: "OpticStep2Evolved",
  file: "programs/paper/step2_evolved.opt",
  fingerprint: "49e07a54",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03bb" }, { name: "lr" }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "const", args: [], value: 1 }, { id: 6, op: "const", args: [], value: 0.9 }, { id: 9, op: "const", args: [], value: 1.1 }, { id: 13, op: "hyper", args: [], index: 0 }, { id: 16, op: "hyper", args: [], index: 1 }], outputs: [] },
};
