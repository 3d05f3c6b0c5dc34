// "programs/lars.opt": state "v"; hyperparameters "\u03b7", "\u03bb", "\u03bc", "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 1
  const k1 = k[1]; // 1.7014118346046923e+38
  const k2 = k[2]; // 0
  const sign_ = (x) => tf.tanh(tf.mul(tf.mul(x, k1), k1));
  const sum_ = (x) => (x.size === 0 ? k2 : tf.sum(x));
  const v3_w_norm = w.map((_, t) => tf.sqrt(sum_(tf.square(w[t]))));
  const v4_g_norm = w.map((_, t) => tf.sqrt(sum_(tf.square(g[t]))));
  const v5 = w.map((_, t) => sign_(v3_w_norm[t]));
  const v6 = w.map((_, t) => sign_(v4_g_norm[t]));
  const v7_both = w.map((_, t) => tf.mul(v5[t], v6[t]));
  const v9 = w.map((_, t) => tf.mul(h[row[t]][0], v3_w_norm[t]));
  const v11 = w.map((_, t) => tf.mul(h[row[t]][1], v3_w_norm[t]));
  const v12 = w.map((_, t) => tf.add(v4_g_norm[t], v11[t]));
  const v14 = w.map((_, t) => tf.sub(k0, v7_both[t]));
  const v15 = w.map((_, t) => tf.add(v12[t], v14[t]));
  const v16_ratio = w.map((_, t) => tf.div(v9[t], v15[t]));
  const v17 = w.map((_, t) => tf.mul(v7_both[t], v16_ratio[t]));
  const v18_local = w.map((_, t) => tf.add(v17[t], v14[t]));
  const v20 = w.map((_, t) => tf.mul(h[row[t]][2], s[0][t]));
  const v22 = w.map((_, t) => tf.mul(h[row[t]][3], v18_local[t]));
  const v23 = w.map((_, t) => tf.mul(h[row[t]][1], w[t]));
  const v24 = w.map((_, t) => tf.add(g[t], v23[t]));
  const v25 = w.map((_, t) => tf.mul(v22[t], v24[t]));
  const v26_v = w.map((_, t) => tf.add(v20[t], v25[t]));
  return {
    update: w.map((_, t) => v26_v[t]),
    state: [w.map((_, t) => v26_v[t])],
  };
}

const PROGRAM = {
  className: "OpticLars",
  file: "programs/lars.opt",
  fingerprint: "105293d8",
  state: ["v"],
  inputs: [],
  hypers: [{ name: "\u03b7", default: 0.001 }, { name: "\u03bb", default: 0.0005 }, { name: "\u03bc", default: 0.9 }, { name: "lr", default: 0.1 }],
  perStep: { math: "ieee", nodes: [{ id: 8, op: "hyper", args: [], index: 0 }, { id: 10, op: "hyper", args: [], index: 1 }, { id: 13, op: "const", args: [], value: 1 }, { id: 19, op: "hyper", args: [], index: 2 }, { id: 21, op: "hyper", args: [], index: 3 }], outputs: [] },
  constants: [1, 1.7014118346046923e+38, 0],
};
