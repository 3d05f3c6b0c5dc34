// "programs/lookahead_adam.opt": state "m", "v", "slow"; hyperparameters "\u03b21", "\u03b22", "lr", "\u03b5", "k", "\u03b1"
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(1);
  const k1 = tf.scalar(0);
  const v8_slow = w.map((_, t) => tf.where(tf.notEqual(p[row[t]][0], k1), w[t], s[2][t]));
  const v10_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][0]), g[t]), tf.mul(h[row[t]][0], s[0][t])));
  const v11 = w.map((_, t) => tf.square(g[t]));
  const v13_v = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][1]), v11[t]), tf.mul(h[row[t]][1], s[1][t])));
  const v16_m_hat = w.map((_, t) => tf.div(v10_m[t], p[row[t]][1]));
  const v19_v_hat = w.map((_, t) => tf.div(v13_v[t], p[row[t]][2]));
  const v21 = w.map((_, t) => tf.mul(h[row[t]][2], v16_m_hat[t]));
  const v22 = w.map((_, t) => tf.sqrt(v19_v_hat[t]));
  const v24 = w.map((_, t) => tf.add(v22[t], h[row[t]][3]));
  const v25_adam = w.map((_, t) => tf.div(v21[t], v24[t]));
  const v32 = w.map((_, t) => tf.sub(w[t], v8_slow[t]));
  const v33 = w.map((_, t) => tf.mul(p[row[t]][4], v32[t]));
  const v34 = w.map((_, t) => tf.mul(h[row[t]][5], v25_adam[t]));
  const v35 = w.map((_, t) => tf.add(v33[t], v34[t]));
  const v36_update = w.map((_, t) => tf.where(tf.notEqual(p[row[t]][3], k1), v35[t], v25_adam[t]));
  const v37 = w.map((_, t) => tf.sub(v32[t], v25_adam[t]));
  const v38 = w.map((_, t) => tf.mul(h[row[t]][5], v37[t]));
  const v39 = w.map((_, t) => tf.add(v8_slow[t], v38[t]));
  const v40_slow = w.map((_, t) => tf.where(tf.notEqual(p[row[t]][3], k1), v39[t], v8_slow[t]));
  return {
    update: w.map((_, t) => v36_update[t]),
    state: [w.map((_, t) => v10_m[t]), w.map((_, t) => v13_v[t]), w.map((_, t) => v40_slow[t])],
  };
}

const PROGRAM = {
  className: "OpticLookaheadAdam",
  file: "programs/lookahead_adam.opt",
  fingerprint: "db699927",
  state: ["m", "v", "slow"],
  inputs: [],
  hypers: [{ name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "lr", default: 0.001 }, { name: "\u03b5", default: 1e-8 }, { name: "k", default: 5 }, { name: "\u03b1", default: 0.5 }],
  perStep: { math: "ieee", nodes: [{ id: 5, op: "step", args: [] }, { id: 6, op: "const", args: [], value: 1 }, { id: 7, op: "eq", args: [0, 1] }, { id: 9, op: "hyper", args: [], index: 0 }, { id: 12, op: "hyper", args: [], index: 1 }, { id: 14, op: "pow", args: [3, 0] }, { id: 15, op: "sub", args: [1, 5] }, { id: 17, op: "pow", args: [4, 0] }, { id: 18, op: "sub", args: [1, 7] }, { id: 20, op: "hyper", args: [], index: 2 }, { id: 23, op: "hyper", args: [], index: 3 }, { id: 26, op: "hyper", args: [], index: 4 }, { id: 27, op: "mod", args: [0, 11] }, { id: 28, op: "const", args: [], value: 0 }, { id: 29, op: "eq", args: [12, 13] }, { id: 30, op: "hyper", args: [], index: 5 }, { id: 31, op: "sub", args: [1, 15] }], outputs: [{ id: 7, at: 2 }, { id: 15, at: 6 }, { id: 18, at: 8 }, { id: 29, at: 14 }, { id: 31, at: 16 }] },
};
