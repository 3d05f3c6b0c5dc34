// "programs/lookahead_adam.opt": state "m", "v", "slow"; hyperparameters "\u03b21", "\u03b22", "lr", "\u03b5", "k", "\u03b1"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 0
  const v8_slow = w.map((_, t) => tf.where(tf.notEqual(p[row[t]][0], k0), w[t], s[2][t]));
  const v12 = w.map((_, t) => tf.mul(p[row[t]][1], g[t]));
  const v13 = w.map((_, t) => tf.mul(h[row[t]][0], s[0][t]));
  const v14_m = w.map((_, t) => tf.add(v12[t], v13[t]));
  const v15 = w.map((_, t) => tf.square(g[t]));
  const v19 = w.map((_, t) => tf.mul(p[row[t]][2], v15[t]));
  const v20 = w.map((_, t) => tf.mul(h[row[t]][1], s[1][t]));
  const v21_v = w.map((_, t) => tf.add(v19[t], v20[t]));
  const v24_m_hat = w.map((_, t) => tf.div(v14_m[t], p[row[t]][3]));
  const v27_v_hat = w.map((_, t) => tf.div(v21_v[t], p[row[t]][4]));
  const v29 = w.map((_, t) => tf.mul(h[row[t]][2], v24_m_hat[t]));
  const v30 = w.map((_, t) => tf.sqrt(v27_v_hat[t]));
  const v32 = w.map((_, t) => tf.add(v30[t], h[row[t]][3]));
  const v33_adam = w.map((_, t) => tf.div(v29[t], v32[t]));
  const v40 = w.map((_, t) => tf.sub(w[t], v8_slow[t]));
  const v41 = w.map((_, t) => tf.mul(p[row[t]][6], v40[t]));
  const v42 = w.map((_, t) => tf.mul(h[row[t]][5], v33_adam[t]));
  const v43 = w.map((_, t) => tf.add(v41[t], v42[t]));
  const v44_update = w.map((_, t) => tf.where(tf.notEqual(p[row[t]][5], k0), v43[t], v33_adam[t]));
  const v45 = w.map((_, t) => tf.sub(v40[t], v33_adam[t]));
  const v46 = w.map((_, t) => tf.mul(h[row[t]][5], v45[t]));
  const v47 = w.map((_, t) => tf.add(v8_slow[t], v46[t]));
  const v48_slow = w.map((_, t) => tf.where(tf.notEqual(p[row[t]][5], k0), v47[t], v8_slow[t]));
  return {
    update: w.map((_, t) => v44_update[t]),
    state: [w.map((_, t) => v14_m[t]), w.map((_, t) => v21_v[t]), w.map((_, t) => v48_slow[t])],
  };
}

const PROGRAM = {
  className: "OpticLookaheadAdam",
  file: "programs/lookahead_adam.opt",
  fingerprint: "4339b9e9",
  state: ["m", "v", "slow"],
  inputs: [],
  hypers: [{ name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "lr", default: 0.001 }, { name: "\u03b5", default: 1e-8 }, { name: "k", default: 5 }, { name: "\u03b1", default: 0.5 }],
  perStep: { math: "ieee", nodes: [{ id: 5, op: "step", args: [] }, { id: 6, op: "const", args: [], value: 1 }, { id: 7, op: "eq", args: [0, 1] }, { id: 9, op: "hyper", args: [], index: 0 }, { id: 10, op: "const", args: [], value: 1 }, { id: 11, op: "sub", args: [4, 3] }, { id: 16, op: "hyper", args: [], index: 1 }, { id: 17, op: "const", args: [], value: 1 }, { id: 18, op: "sub", args: [7, 6] }, { id: 22, op: "pow", args: [3, 0] }, { id: 23, op: "sub", args: [1, 9] }, { id: 25, op: "pow", args: [6, 0] }, { id: 26, op: "sub", args: [1, 11] }, { id: 28, op: "hyper", args: [], index: 2 }, { id: 31, op: "hyper", args: [], index: 3 }, { id: 34, op: "hyper", args: [], index: 4 }, { id: 35, op: "mod", args: [0, 15] }, { id: 36, op: "const", args: [], value: 0 }, { id: 37, op: "eq", args: [16, 17] }, { id: 38, op: "hyper", args: [], index: 5 }, { id: 39, op: "sub", args: [1, 19] }], outputs: [{ id: 7, at: 2 }, { id: 11, at: 5 }, { id: 18, at: 8 }, { id: 23, at: 10 }, { id: 26, at: 12 }, { id: 37, at: 18 }, { id: 39, at: 20 }] },
  constants: [0],
};
