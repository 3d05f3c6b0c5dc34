// "programs/lamb.opt": state "m", "v"; hyperparameters "\u03b21", "\u03b22", "\u03b5", "\u03bb", "lr"
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(1);
  const k1 = tf.scalar(1.7014118346046923e+38);
  const k2 = tf.scalar(0);
  const sign_ = (x) => tf.where(tf.isNaN(x), x, tf.clipByValue(tf.mul(tf.mul(x, k1), k1), -1, 1));
  const sum_ = (x) => (x.size === 0 ? k2 : tf.sum(x));
  const v5_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][0]), g[t]), tf.mul(h[row[t]][0], s[0][t])));
  const v6 = w.map((_, t) => tf.square(g[t]));
  const v8_v = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][1]), v6[t]), tf.mul(h[row[t]][1], s[1][t])));
  const v13_m_hat = w.map((_, t) => tf.div(v5_m[t], p[row[t]][0]));
  const v16_v_hat = w.map((_, t) => tf.div(v8_v[t], p[row[t]][1]));
  const v17 = w.map((_, t) => tf.sqrt(v16_v_hat[t]));
  const v19 = w.map((_, t) => tf.add(v17[t], h[row[t]][2]));
  const v20 = w.map((_, t) => tf.div(v13_m_hat[t], v19[t]));
  const v22 = w.map((_, t) => tf.mul(h[row[t]][3], w[t]));
  const v23_r = w.map((_, t) => tf.add(v20[t], v22[t]));
  const v24_w_norm = w.map((_, t) => tf.sqrt(sum_(tf.square(w[t]))));
  const v25_r_norm = w.map((_, t) => tf.sqrt(sum_(tf.square(v23_r[t]))));
  const v26 = w.map((_, t) => sign_(v24_w_norm[t]));
  const v27 = w.map((_, t) => sign_(v25_r_norm[t]));
  const v28_both = w.map((_, t) => tf.mul(v26[t], v27[t]));
  const v29 = w.map((_, t) => tf.mul(v28_both[t], v24_w_norm[t]));
  const v30 = w.map((_, t) => tf.sub(k0, v28_both[t]));
  const v31 = w.map((_, t) => tf.add(v25_r_norm[t], v30[t]));
  const v32 = w.map((_, t) => tf.div(v29[t], v31[t]));
  const v33_trust = w.map((_, t) => tf.add(v32[t], v30[t]));
  const v35 = w.map((_, t) => tf.mul(h[row[t]][4], v33_trust[t]));
  const v36_update = w.map((_, t) => tf.mul(v35[t], v23_r[t]));
  return {
    update: w.map((_, t) => v36_update[t]),
    state: [w.map((_, t) => v5_m[t]), w.map((_, t) => v8_v[t])],
  };
}

const PROGRAM = {
  className: "OpticLamb",
  file: "programs/lamb.opt",
  fingerprint: "a8203c22",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "\u03b5", default: 0.000001 }, { name: "\u03bb", default: 0.01 }, { name: "lr", default: 0.001 }],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "hyper", args: [], index: 0 }, { id: 7, op: "hyper", args: [], index: 1 }, { id: 9, op: "const", args: [], value: 1 }, { id: 10, op: "step", args: [] }, { id: 11, op: "pow", args: [0, 3] }, { id: 12, op: "sub", args: [2, 4] }, { id: 14, op: "pow", args: [1, 3] }, { id: 15, op: "sub", args: [2, 6] }, { id: 18, op: "hyper", args: [], index: 2 }, { id: 21, op: "hyper", args: [], index: 3 }, { id: 34, op: "hyper", args: [], index: 4 }], outputs: [{ id: 12, at: 5 }, { id: 15, at: 7 }] },
};
