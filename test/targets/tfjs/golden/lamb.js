// "programs/lamb.opt": state "m", "v"; hyperparameters "\u03b21", "\u03b22", "\u03b5", "\u03bb", "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 1
  const k1 = k[1]; // 1.7014118346046923e+38
  const k2 = k[2]; // 0
  const sign_ = (x) => tf.tanh(tf.mul(tf.mul(x, k1), k1));
  const sum_ = (x) => (x.size === 0 ? k2 : tf.sum(x));
  const v7 = w.map((_, t) => tf.mul(p[row[t]][0], g[t]));
  const v8 = w.map((_, t) => tf.mul(h[row[t]][0], s[0][t]));
  const v9_m = w.map((_, t) => tf.add(v7[t], v8[t]));
  const v10 = w.map((_, t) => tf.square(g[t]));
  const v14 = w.map((_, t) => tf.mul(p[row[t]][1], v10[t]));
  const v15 = w.map((_, t) => tf.mul(h[row[t]][1], s[1][t]));
  const v16_v = w.map((_, t) => tf.add(v14[t], v15[t]));
  const v21_m_hat = w.map((_, t) => tf.div(v9_m[t], p[row[t]][2]));
  const v24_v_hat = w.map((_, t) => tf.div(v16_v[t], p[row[t]][3]));
  const v25 = w.map((_, t) => tf.sqrt(v24_v_hat[t]));
  const v27 = w.map((_, t) => tf.add(v25[t], h[row[t]][2]));
  const v28 = w.map((_, t) => tf.div(v21_m_hat[t], v27[t]));
  const v30 = w.map((_, t) => tf.mul(h[row[t]][3], w[t]));
  const v31_r = w.map((_, t) => tf.add(v28[t], v30[t]));
  const v32_w_norm = w.map((_, t) => tf.sqrt(sum_(tf.square(w[t]))));
  const v33_r_norm = w.map((_, t) => tf.sqrt(sum_(tf.square(v31_r[t]))));
  const v34 = w.map((_, t) => sign_(v32_w_norm[t]));
  const v35 = w.map((_, t) => sign_(v33_r_norm[t]));
  const v36_both = w.map((_, t) => tf.mul(v34[t], v35[t]));
  const v37 = w.map((_, t) => tf.mul(v36_both[t], v32_w_norm[t]));
  const v38 = w.map((_, t) => tf.sub(k0, v36_both[t]));
  const v39 = w.map((_, t) => tf.add(v33_r_norm[t], v38[t]));
  const v40 = w.map((_, t) => tf.div(v37[t], v39[t]));
  const v41_trust = w.map((_, t) => tf.add(v40[t], v38[t]));
  const v43 = w.map((_, t) => tf.mul(h[row[t]][4], v41_trust[t]));
  const v44_update = w.map((_, t) => tf.mul(v43[t], v31_r[t]));
  return {
    update: w.map((_, t) => v44_update[t]),
    state: [w.map((_, t) => v9_m[t]), w.map((_, t) => v16_v[t])],
  };
}

const PROGRAM = {
  className: "OpticLamb",
  file: "programs/lamb.opt",
  fingerprint: "361dc8da",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "\u03b5", default: 0.000001 }, { name: "\u03bb", default: 0.01 }, { name: "lr", default: 0.001 }],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "hyper", args: [], index: 0 }, { id: 5, op: "const", args: [], value: 1 }, { id: 6, op: "sub", args: [1, 0] }, { id: 11, op: "hyper", args: [], index: 1 }, { id: 12, op: "const", args: [], value: 1 }, { id: 13, op: "sub", args: [4, 3] }, { id: 17, op: "const", args: [], value: 1 }, { id: 18, op: "step", args: [] }, { id: 19, op: "pow", args: [0, 7] }, { id: 20, op: "sub", args: [6, 8] }, { id: 22, op: "pow", args: [3, 7] }, { id: 23, op: "sub", args: [6, 10] }, { id: 26, op: "hyper", args: [], index: 2 }, { id: 29, op: "hyper", args: [], index: 3 }, { id: 42, op: "hyper", args: [], index: 4 }], outputs: [{ id: 6, at: 2 }, { id: 13, at: 5 }, { id: 20, at: 9 }, { id: 23, at: 11 }] },
  constants: [1, 1.7014118346046923e+38, 0],
};
