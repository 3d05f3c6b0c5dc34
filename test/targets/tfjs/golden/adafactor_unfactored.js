// "programs/adafactor_unfactored.opt": state "v"; hyperparameters "\u03b52", "c", "\u03b51", "d"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 1
  const k1 = k[1]; // 0
  const sum_ = (x) => (x.size === 0 ? k1 : tf.sum(x));
  const v3_n = w.map((_, t) => tf.scalar(w[t].size));
  const v11 = w.map((_, t) => tf.sqrt(sum_(tf.square(w[t]))));
  const v12 = w.map((_, t) => tf.sqrt(v3_n[t]));
  const v13 = w.map((_, t) => tf.div(v11[t], v12[t]));
  const v14 = w.map((_, t) => tf.engine().runKernel('Select', { condition: tf.isNaN(h[row[t]][0]), t: h[row[t]][0], e: tf.engine().runKernel('Select', { condition: tf.isNaN(v13[t]), t: v13[t], e: tf.maximum(h[row[t]][0], v13[t]) }) }));
  const v15_u3b1 = w.map((_, t) => tf.mul(v14[t], p[row[t]][0]));
  const v20 = w.map((_, t) => tf.square(g[t]));
  const v22 = w.map((_, t) => tf.add(v20[t], h[row[t]][2]));
  const v25 = w.map((_, t) => tf.mul(p[row[t]][2], v22[t]));
  const v26 = w.map((_, t) => tf.mul(p[row[t]][1], s[0][t]));
  const v27_v = w.map((_, t) => tf.add(v25[t], v26[t]));
  const v28 = w.map((_, t) => tf.sqrt(v27_v[t]));
  const v29_u = w.map((_, t) => tf.div(g[t], v28[t]));
  const v30 = w.map((_, t) => tf.sqrt(sum_(tf.square(v29_u[t]))));
  const v31 = w.map((_, t) => tf.div(v30[t], v12[t]));
  const v33 = w.map((_, t) => tf.div(v31[t], h[row[t]][3]));
  const v34 = w.map((_, t) => tf.engine().runKernel('Select', { condition: tf.isNaN(v33[t]), t: v33[t], e: tf.maximum(k0, v33[t]) }));
  const v35_u = w.map((_, t) => tf.div(v29_u[t], v34[t]));
  const v36_update = w.map((_, t) => tf.mul(v15_u3b1[t], v35_u[t]));
  return {
    update: w.map((_, t) => v36_update[t]),
    state: [w.map((_, t) => v27_v[t])],
  };
}

const PROGRAM = {
  className: "OpticAdafactorUnfactored",
  file: "programs/adafactor_unfactored.opt",
  fingerprint: "0a8e1e58",
  state: ["v"],
  inputs: [],
  hypers: [{ name: "\u03b52", default: 0.001 }, { name: "c", default: 0.8 }, { name: "\u03b51", default: 1e-30 }, { name: "d", default: 1 }],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "const", args: [], value: 0.01 }, { id: 5, op: "const", args: [], value: 1 }, { id: 6, op: "step", args: [] }, { id: 7, op: "sqrt", args: [2] }, { id: 8, op: "div", args: [1, 3] }, { id: 9, op: "min", args: [0, 4] }, { id: 10, op: "hyper", args: [], index: 0 }, { id: 16, op: "hyper", args: [], index: 1 }, { id: 17, op: "negative", args: [7] }, { id: 18, op: "pow", args: [2, 8] }, { id: 19, op: "sub", args: [1, 9] }, { id: 21, op: "hyper", args: [], index: 2 }, { id: 23, op: "const", args: [], value: 1 }, { id: 24, op: "sub", args: [12, 10] }, { id: 32, op: "hyper", args: [], index: 3 }], outputs: [{ id: 9, at: 5 }, { id: 19, at: 10 }, { id: 24, at: 13 }] },
  constants: [1, 0],
};
