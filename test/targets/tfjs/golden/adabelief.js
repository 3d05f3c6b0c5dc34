// "programs/adabelief.opt": state "m", "s"; hyperparameters "\u03b21", "\u03b22", "\u03b5", "lr"
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(1);
  const v4_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][0]), g[t]), tf.mul(h[row[t]][0], s[0][t])));
  const v5 = w.map((_, t) => tf.sub(g[t], v4_m[t]));
  const v6 = w.map((_, t) => tf.square(v5[t]));
  const v8 = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][1]), v6[t]), tf.mul(h[row[t]][1], s[1][t])));
  const v10_s = w.map((_, t) => tf.add(v8[t], h[row[t]][2]));
  const v15_m_hat = w.map((_, t) => tf.div(v4_m[t], p[row[t]][0]));
  const v18_s_hat = w.map((_, t) => tf.div(v10_s[t], p[row[t]][1]));
  const v20 = w.map((_, t) => tf.mul(h[row[t]][3], v15_m_hat[t]));
  const v21 = w.map((_, t) => tf.sqrt(v18_s_hat[t]));
  const v22 = w.map((_, t) => tf.add(v21[t], h[row[t]][2]));
  const v23_update = w.map((_, t) => tf.div(v20[t], v22[t]));
  return {
    update: w.map((_, t) => v23_update[t]),
    state: [w.map((_, t) => v4_m[t]), w.map((_, t) => v10_s[t])],
  };
}

const PROGRAM = {
  className: "OpticAdabelief",
  file: "programs/adabelief.opt",
  fingerprint: "c7c5aed5",
  state: ["m", "s"],
  inputs: [],
  hypers: [{ name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "\u03b5", default: 1e-16 }, { name: "lr", default: 0.001 }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "hyper", args: [], index: 0 }, { id: 7, op: "hyper", args: [], index: 1 }, { id: 9, op: "hyper", args: [], index: 2 }, { id: 11, op: "const", args: [], value: 1 }, { id: 12, op: "step", args: [] }, { id: 13, op: "pow", args: [0, 4] }, { id: 14, op: "sub", args: [3, 5] }, { id: 16, op: "pow", args: [1, 4] }, { id: 17, op: "sub", args: [3, 7] }, { id: 19, op: "hyper", args: [], index: 3 }], outputs: [{ id: 14, at: 6 }, { id: 17, at: 8 }] },
};
