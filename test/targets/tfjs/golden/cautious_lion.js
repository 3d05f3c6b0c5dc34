// "programs/cautious_lion.opt": state "m"; hyperparameters "\u03b21", "\u03bc", "lr", "\u03bb", "\u03b22"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 0
  const k1 = k[1]; // 1.7014118346046923e+38
  const sign_ = (x) => tf.tanh(tf.mul(tf.mul(x, k1), k1));
  const sum_ = (x) => (x.size === 0 ? k0 : tf.sum(x));
  const v6 = w.map((_, t) => tf.mul(p[row[t]][0], g[t]));
  const v7 = w.map((_, t) => tf.mul(h[row[t]][0], s[0][t]));
  const v8 = w.map((_, t) => tf.add(v6[t], v7[t]));
  const v9_u = w.map((_, t) => sign_(v8[t]));
  const v10 = w.map((_, t) => tf.mul(v9_u[t], g[t]));
  const v12_u3c6 = w.map((_, t) => tf.cast(tf.greater(v10[t], k0), 'float32'));
  const v13 = w.map((_, t) => tf.mul(v9_u[t], v12_u3c6[t]));
  const v14 = w.map((_, t) => tf.div(sum_(v12_u3c6[t]), tf.scalar(w[t].size)));
  const v16 = w.map((_, t) => tf.engine().runKernel('Select', { condition: tf.isNaN(v14[t]), t: v14[t], e: tf.engine().runKernel('Select', { condition: tf.isNaN(h[row[t]][1]), t: h[row[t]][1], e: tf.maximum(v14[t], h[row[t]][1]) }) }));
  const v17_u = w.map((_, t) => tf.div(v13[t], v16[t]));
  const v20 = w.map((_, t) => tf.mul(h[row[t]][3], w[t]));
  const v21 = w.map((_, t) => tf.add(v17_u[t], v20[t]));
  const v22_update = w.map((_, t) => tf.mul(h[row[t]][2], v21[t]));
  const v26 = w.map((_, t) => tf.mul(p[row[t]][1], g[t]));
  const v27 = w.map((_, t) => tf.mul(h[row[t]][4], s[0][t]));
  const v28_m = w.map((_, t) => tf.add(v26[t], v27[t]));
  return {
    update: w.map((_, t) => v22_update[t]),
    state: [w.map((_, t) => v28_m[t])],
  };
}

const PROGRAM = {
  className: "OpticCautiousLion",
  file: "programs/cautious_lion.opt",
  fingerprint: "5ddbf63c",
  state: ["m"],
  inputs: [],
  hypers: [{ name: "\u03b21", default: 0.9 }, { name: "\u03bc", default: 0.001 }, { name: "lr", default: 0.0001 }, { name: "\u03bb", default: 0.1 }, { name: "\u03b22", default: 0.99 }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "hyper", args: [], index: 0 }, { id: 4, op: "const", args: [], value: 1 }, { id: 5, op: "sub", args: [1, 0] }, { id: 11, op: "const", args: [], value: 0 }, { id: 15, op: "hyper", args: [], index: 1 }, { id: 18, op: "hyper", args: [], index: 2 }, { id: 19, op: "hyper", args: [], index: 3 }, { id: 23, op: "hyper", args: [], index: 4 }, { id: 24, op: "const", args: [], value: 1 }, { id: 25, op: "sub", args: [8, 7] }], outputs: [{ id: 5, at: 2 }, { id: 25, at: 9 }] },
  constants: [0, 1.7014118346046923e+38],
};
