// "programs/lion.opt": state "m"; hyperparameters "\u03b22", "\u03b21", "\u03bb", "lr"
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(1);
  const k1 = tf.scalar(1.7014118346046923e+38);
  const sign_ = (x) => tf.where(tf.isNaN(x), x, tf.clipByValue(tf.mul(tf.mul(x, k1), k1), -1, 1));
  const v11_m_hat = w.map((_, t) => tf.div(s[0][t], p[row[t]][0]));
  const v13_c = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][1]), g[t]), tf.mul(h[row[t]][1], v11_m_hat[t])));
  const v14 = w.map((_, t) => sign_(v13_c[t]));
  const v16 = w.map((_, t) => tf.mul(h[row[t]][2], w[t]));
  const v17_update = w.map((_, t) => tf.add(v14[t], v16[t]));
  const v19_update = w.map((_, t) => tf.mul(h[row[t]][3], v17_update[t]));
  const v20_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][0]), g[t]), tf.mul(h[row[t]][0], s[0][t])));
  return {
    update: w.map((_, t) => v19_update[t]),
    state: [w.map((_, t) => v20_m[t])],
  };
}

const PROGRAM = {
  className: "OpticLion",
  file: "programs/lion.opt",
  fingerprint: "0157b531",
  state: ["m"],
  inputs: [],
  hypers: [{ name: "\u03b22", default: 0.99 }, { name: "\u03b21", default: 0.9 }, { name: "\u03bb", default: 1 }, { name: "lr", default: 0.0003 }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "const", args: [], value: 1 }, { id: 4, op: "step", args: [] }, { id: 5, op: "sub", args: [1, 0] }, { id: 6, op: "min", args: [2, 0] }, { id: 7, op: "hyper", args: [], index: 0 }, { id: 8, op: "pow", args: [4, 2] }, { id: 9, op: "mul", args: [3, 5] }, { id: 10, op: "sub", args: [0, 6] }, { id: 12, op: "hyper", args: [], index: 1 }, { id: 15, op: "hyper", args: [], index: 2 }, { id: 18, op: "hyper", args: [], index: 3 }], outputs: [{ id: 10, at: 7 }] },
};
