// "programs/amsgrad.opt": state "m", "v", "v_max"; hyperparameters "\u03bb", "\u03b21", "\u03b22", "lr", "\u03b5"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const v6 = w.map((_, t) => tf.mul(h[row[t]][0], w[t]));
  const v7_g = w.map((_, t) => tf.add(g[t], v6[t]));
  const v11 = w.map((_, t) => tf.mul(p[row[t]][0], v7_g[t]));
  const v12 = w.map((_, t) => tf.mul(h[row[t]][1], s[0][t]));
  const v13_m = w.map((_, t) => tf.add(v11[t], v12[t]));
  const v14 = w.map((_, t) => tf.square(v7_g[t]));
  const v18 = w.map((_, t) => tf.mul(p[row[t]][1], v14[t]));
  const v19 = w.map((_, t) => tf.mul(h[row[t]][2], s[1][t]));
  const v20_v = w.map((_, t) => tf.add(v18[t], v19[t]));
  const v21_v_max = w.map((_, t) => tf.engine().runKernel('Select', { condition: tf.isNaN(s[2][t]), t: s[2][t], e: tf.engine().runKernel('Select', { condition: tf.isNaN(v20_v[t]), t: v20_v[t], e: tf.maximum(s[2][t], v20_v[t]) }) }));
  const v26_m_hat = w.map((_, t) => tf.div(v13_m[t], p[row[t]][2]));
  const v29_v_hat = w.map((_, t) => tf.div(v21_v_max[t], p[row[t]][3]));
  const v31 = w.map((_, t) => tf.mul(h[row[t]][3], v26_m_hat[t]));
  const v32 = w.map((_, t) => tf.sqrt(v29_v_hat[t]));
  const v34 = w.map((_, t) => tf.add(v32[t], h[row[t]][4]));
  const v35_update = w.map((_, t) => tf.div(v31[t], v34[t]));
  return {
    update: w.map((_, t) => v35_update[t]),
    state: [w.map((_, t) => v13_m[t]), w.map((_, t) => v20_v[t]), w.map((_, t) => v21_v_max[t])],
  };
}

const PROGRAM = {
  className: "OpticAmsgrad",
  file: "programs/amsgrad.opt",
  fingerprint: "d0421ad6",
  state: ["m", "v", "v_max"],
  inputs: [],
  hypers: [{ name: "\u03bb", default: 0 }, { name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "lr", default: 0.001 }, { name: "\u03b5", default: 1e-8 }],
  perStep: { math: "ieee", nodes: [{ id: 5, op: "hyper", args: [], index: 0 }, { id: 8, op: "hyper", args: [], index: 1 }, { id: 9, op: "const", args: [], value: 1 }, { id: 10, op: "sub", args: [2, 1] }, { id: 15, op: "hyper", args: [], index: 2 }, { id: 16, op: "const", args: [], value: 1 }, { id: 17, op: "sub", args: [5, 4] }, { id: 22, op: "const", args: [], value: 1 }, { id: 23, op: "step", args: [] }, { id: 24, op: "pow", args: [1, 8] }, { id: 25, op: "sub", args: [7, 9] }, { id: 27, op: "pow", args: [4, 8] }, { id: 28, op: "sub", args: [7, 11] }, { id: 30, op: "hyper", args: [], index: 3 }, { id: 33, op: "hyper", args: [], index: 4 }], outputs: [{ id: 10, at: 3 }, { id: 17, at: 6 }, { id: 25, at: 10 }, { id: 28, at: 12 }] },
  constants: [],
};
