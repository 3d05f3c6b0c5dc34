// "programs/adam.opt": state "m", "v"; hyperparameters "\u03bb", "\u03b21", "\u03b22", "lr", "\u03b5"
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(1);
  const v5 = w.map((_, t) => tf.mul(h[row[t]][0], w[t]));
  const v6_g = w.map((_, t) => tf.add(g[t], v5[t]));
  const v8_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][1]), v6_g[t]), tf.mul(h[row[t]][1], s[0][t])));
  const v9 = w.map((_, t) => tf.square(v6_g[t]));
  const v11_v = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][2]), v9[t]), tf.mul(h[row[t]][2], s[1][t])));
  const v16_m_hat = w.map((_, t) => tf.div(v8_m[t], p[row[t]][0]));
  const v19_v_hat = w.map((_, t) => tf.div(v11_v[t], p[row[t]][1]));
  const v21 = w.map((_, t) => tf.mul(h[row[t]][3], v16_m_hat[t]));
  const v22 = w.map((_, t) => tf.sqrt(v19_v_hat[t]));
  const v24 = w.map((_, t) => tf.add(v22[t], h[row[t]][4]));
  const v25_update = w.map((_, t) => tf.div(v21[t], v24[t]));
  return {
    update: w.map((_, t) => v25_update[t]),
    state: [w.map((_, t) => v8_m[t]), w.map((_, t) => v11_v[t])],
  };
}

const PROGRAM = {
  className: "OpticAdam",
  file: "programs/adam.opt",
  fingerprint: "6c59501c",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03bb", default: 0 }, { name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "lr", default: 0.001 }, { name: "\u03b5", default: 1e-8 }],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "hyper", args: [], index: 0 }, { id: 7, op: "hyper", args: [], index: 1 }, { id: 10, op: "hyper", args: [], index: 2 }, { id: 12, op: "const", args: [], value: 1 }, { id: 13, op: "step", args: [] }, { id: 14, op: "pow", args: [1, 4] }, { id: 15, op: "sub", args: [3, 5] }, { id: 17, op: "pow", args: [2, 4] }, { id: 18, op: "sub", args: [3, 7] }, { id: 20, op: "hyper", args: [], index: 3 }, { id: 23, op: "hyper", args: [], index: 4 }], outputs: [{ id: 15, at: 6 }, { id: 18, at: 8 }] },
};
