// "programs/cautious_adamw.opt": state "m", "v"; hyperparameters "\u03b21", "\u03b22", "\u03b5", "\u03bc", "lr", "\u03bb"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 0
  const sum_ = (x) => (x.size === 0 ? k0 : tf.sum(x));
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
  const v28_u = w.map((_, t) => tf.div(v21_m_hat[t], v27[t]));
  const v29 = w.map((_, t) => tf.mul(v28_u[t], g[t]));
  const v31_u3c6 = w.map((_, t) => tf.cast(tf.greater(v29[t], k0), 'float32'));
  const v32 = w.map((_, t) => tf.mul(v28_u[t], v31_u3c6[t]));
  const v33 = w.map((_, t) => tf.div(sum_(v31_u3c6[t]), tf.scalar(w[t].size)));
  const v35 = w.map((_, t) => tf.engine().runKernel('Select', { condition: tf.isNaN(v33[t]), t: v33[t], e: tf.engine().runKernel('Select', { condition: tf.isNaN(h[row[t]][3]), t: h[row[t]][3], e: tf.maximum(v33[t], h[row[t]][3]) }) }));
  const v36_u = w.map((_, t) => tf.div(v32[t], v35[t]));
  const v39 = w.map((_, t) => tf.mul(h[row[t]][5], w[t]));
  const v40 = w.map((_, t) => tf.add(v36_u[t], v39[t]));
  const v41_update = w.map((_, t) => tf.mul(h[row[t]][4], v40[t]));
  return {
    update: w.map((_, t) => v41_update[t]),
    state: [w.map((_, t) => v9_m[t]), w.map((_, t) => v16_v[t])],
  };
}

const PROGRAM = {
  className: "OpticCautiousAdamw",
  file: "programs/cautious_adamw.opt",
  fingerprint: "c79b3574",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "\u03b5", default: 1e-8 }, { name: "\u03bc", default: 0.001 }, { name: "lr", default: 0.001 }, { name: "\u03bb", default: 0.01 }],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "hyper", args: [], index: 0 }, { id: 5, op: "const", args: [], value: 1 }, { id: 6, op: "sub", args: [1, 0] }, { id: 11, op: "hyper", args: [], index: 1 }, { id: 12, op: "const", args: [], value: 1 }, { id: 13, op: "sub", args: [4, 3] }, { id: 17, op: "const", args: [], value: 1 }, { id: 18, op: "step", args: [] }, { id: 19, op: "pow", args: [0, 7] }, { id: 20, op: "sub", args: [6, 8] }, { id: 22, op: "pow", args: [3, 7] }, { id: 23, op: "sub", args: [6, 10] }, { id: 26, op: "hyper", args: [], index: 2 }, { id: 30, op: "const", args: [], value: 0 }, { id: 34, op: "hyper", args: [], index: 3 }, { id: 37, op: "hyper", args: [], index: 4 }, { id: 38, op: "hyper", args: [], index: 5 }], outputs: [{ id: 6, at: 2 }, { id: 13, at: 5 }, { id: 20, at: 9 }, { id: 23, at: 11 }] },
  constants: [0],
};
