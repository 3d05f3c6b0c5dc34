// "programs/adafactor.opt": state "vr", "vc"; hyperparameters "\u03b52", "c", "\u03b51", "d"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 1
  const k1 = k[1]; // 0
  const matrix_ = (x, cols = x.rank === 0 ? 1 : x.shape[x.rank - 1]) => tf.reshape(x, [x.size / cols, cols]);
  const sum_ = (x) => (x.size === 0 ? k1 : tf.sum(x));
  const v11 = w.map((_, t) => tf.square(matrix_(w[t])));
  const v12 = w.map((_, t) => tf.div(sum_(v11[t]), tf.scalar(w[t].size)));
  const v13 = w.map((_, t) => tf.sqrt(v12[t]));
  const v14 = w.map((_, t) => tf.engine().runKernel('Select', { condition: tf.isNaN(h[row[t]][0]), t: h[row[t]][0], e: tf.engine().runKernel('Select', { condition: tf.isNaN(v13[t]), t: v13[t], e: tf.maximum(h[row[t]][0], v13[t]) }) }));
  const v15_u3b1 = w.map((_, t) => tf.mul(v14[t], p[row[t]][0]));
  const v20 = w.map((_, t) => tf.square(matrix_(g[t])));
  const v22_g2 = w.map((_, t) => tf.add(v20[t], h[row[t]][2]));
  const v23 = w.map((_, t) => tf.div(tf.sum(v22_g2[t], 1, true), tf.scalar(v22_g2[t].shape[1])));
  const v26 = w.map((_, t) => tf.mul(p[row[t]][2], v23[t]));
  const v27 = w.map((_, t) => tf.mul(p[row[t]][1], tf.reshape(s[0][t], [-1, 1])));
  const v28_vr = w.map((_, t) => tf.add(v26[t], v27[t]));
  const v29 = w.map((_, t) => tf.div(tf.sum(v22_g2[t], 0), tf.scalar(v22_g2[t].shape[0])));
  const v32 = w.map((_, t) => tf.mul(p[row[t]][3], v29[t]));
  const v33 = w.map((_, t) => tf.mul(p[row[t]][1], s[1][t]));
  const v34_vc = w.map((_, t) => tf.add(v32[t], v33[t]));
  const v35 = w.map((_, t) => tf.mul(tf.broadcastTo(v28_vr[t], matrix_(w[t]).shape), tf.broadcastTo(v34_vc[t], matrix_(w[t]).shape)));
  const v36 = w.map((_, t) => tf.div(sum_(v28_vr[t]), tf.scalar(v28_vr[t].size)));
  const v37_v = w.map((_, t) => tf.div(v35[t], v36[t]));
  const v38 = w.map((_, t) => tf.sqrt(v37_v[t]));
  const v39_u = w.map((_, t) => tf.div(matrix_(g[t]), v38[t]));
  const v40 = w.map((_, t) => tf.square(v39_u[t]));
  const v41 = w.map((_, t) => tf.div(sum_(v40[t]), tf.scalar(w[t].size)));
  const v42 = w.map((_, t) => tf.sqrt(v41[t]));
  const v44 = w.map((_, t) => tf.div(v42[t], h[row[t]][3]));
  const v45 = w.map((_, t) => tf.engine().runKernel('Select', { condition: tf.isNaN(v44[t]), t: v44[t], e: tf.maximum(k0, v44[t]) }));
  const v46_u = w.map((_, t) => tf.div(v39_u[t], v45[t]));
  const v47_update = w.map((_, t) => tf.mul(v15_u3b1[t], v46_u[t]));
  return {
    update: w.map((_, t) => tf.reshape(v47_update[t], w[t].shape)),
    state: [w.map((_, t) => tf.reshape(v28_vr[t], [matrix_(w[t]).shape[0]])), w.map((_, t) => tf.reshape(v34_vc[t], [matrix_(w[t]).shape[1]]))],
  };
}

const PROGRAM = {
  className: "OpticAdafactor",
  file: "programs/adafactor.opt",
  fingerprint: "9fb54912",
  state: ["vr", "vc"],
  inputs: [],
  hypers: [{ name: "\u03b52", default: 0.001 }, { name: "c", default: 0.8 }, { name: "\u03b51", default: 1e-30 }, { name: "d", default: 1 }],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "const", args: [], value: 0.01 }, { id: 5, op: "const", args: [], value: 1 }, { id: 6, op: "step", args: [] }, { id: 7, op: "sqrt", args: [2] }, { id: 8, op: "div", args: [1, 3] }, { id: 9, op: "min", args: [0, 4] }, { id: 10, op: "hyper", args: [], index: 0 }, { id: 16, op: "hyper", args: [], index: 1 }, { id: 17, op: "negative", args: [7] }, { id: 18, op: "pow", args: [2, 8] }, { id: 19, op: "sub", args: [1, 9] }, { id: 21, op: "hyper", args: [], index: 2 }, { id: 24, op: "const", args: [], value: 1 }, { id: 25, op: "sub", args: [12, 10] }, { id: 30, op: "const", args: [], value: 1 }, { id: 31, op: "sub", args: [14, 10] }, { id: 43, op: "hyper", args: [], index: 3 }], outputs: [{ id: 9, at: 5 }, { id: 19, at: 10 }, { id: 25, at: 13 }, { id: 31, at: 15 }] },
  constants: [1, 0],
};
