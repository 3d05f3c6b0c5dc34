// "programs/adamw.opt": state "m", "v"; hyperparameters "\u03b21", "\u03b22", "\u03b5", "\u03bb", "lr"
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(1);
  const v5_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][0]), g[t]), tf.mul(h[row[t]][0], s[0][t])));
  const v6 = w.map((_, t) => tf.square(g[t]));
  const v8_v = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][1]), v6[t]), tf.mul(h[row[t]][1], s[1][t])));
  const v13_m_hat = w.map((_, t) => tf.div(v5_m[t], p[row[t]][0]));
  const v16_v_hat = w.map((_, t) => tf.div(v8_v[t], p[row[t]][1]));
  const v17 = w.map((_, t) => tf.sqrt(v16_v_hat[t]));
  const v19 = w.map((_, t) => tf.add(v17[t], h[row[t]][2]));
  const v20 = w.map((_, t) => tf.div(v13_m_hat[t], v19[t]));
  const v22 = w.map((_, t) => tf.mul(h[row[t]][3], w[t]));
  const v23_update = w.map((_, t) => tf.add(v20[t], v22[t]));
  const v25_update = w.map((_, t) => tf.mul(h[row[t]][4], v23_update[t]));
  return {
    update: w.map((_, t) => v25_update[t]),
    state: [w.map((_, t) => v5_m[t]), w.map((_, t) => v8_v[t])],
  };
}

const PROGRAM = {
  className: "OpticAdamw",
  file: "programs/adamw.opt",
  fingerprint: "bdf195fd",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "\u03b5", default: 1e-8 }, { name: "\u03bb", default: 0.1 }, { name: "lr", default: 0.003 }],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "hyper", args: [], index: 0 }, { id: 7, op: "hyper", args: [], index: 1 }, { id: 9, op: "const", args: [], value: 1 }, { id: 10, op: "step", args: [] }, { id: 11, op: "pow", args: [0, 3] }, { id: 12, op: "sub", args: [2, 4] }, { id: 14, op: "pow", args: [1, 3] }, { id: 15, op: "sub", args: [2, 6] }, { id: 18, op: "hyper", args: [], index: 2 }, { id: 21, op: "hyper", args: [], index: 3 }, { id: 24, op: "hyper", args: [], index: 4 }], outputs: [{ id: 12, at: 5 }, { id: 15, at: 7 }] },
};
