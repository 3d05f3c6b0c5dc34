// "programs/adafactor.opt": state "v"; hyperparameters "\u03b52", "c", "\u03b51", "d"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 0
  const k1 = k[1]; // 1
  const sum_ = (x) => (x.size === 0 ? k0 : tf.sum(x));
  const v4 = w.map((_, t) => tf.mul(g[t], k0));
  const v6_ones = w.map((_, t) => tf.add(v4[t], k1));
  const v7 = w.map((_, t) => tf.sqrt(sum_(tf.square(v6_ones[t]))));
  const v8_size = w.map((_, t) => tf.square(v7[t]));
  const v15 = w.map((_, t) => tf.sqrt(sum_(tf.square(w[t]))));
  const v16 = w.map((_, t) => tf.sqrt(v8_size[t]));
  const v17 = w.map((_, t) => tf.div(v15[t], v16[t]));
  const v18 = w.map((_, t) => tf.engine().runKernel('Select', { condition: tf.isNaN(h[row[t]][0]), t: h[row[t]][0], e: tf.engine().runKernel('Select', { condition: tf.isNaN(v17[t]), t: v17[t], e: tf.maximum(h[row[t]][0], v17[t]) }) }));
  const v19_u3b1 = w.map((_, t) => tf.mul(v18[t], p[row[t]][0]));
  const v24 = w.map((_, t) => tf.square(g[t]));
  const v26 = w.map((_, t) => tf.add(v24[t], h[row[t]][2]));
  const v29 = w.map((_, t) => tf.mul(p[row[t]][2], v26[t]));
  const v30 = w.map((_, t) => tf.mul(p[row[t]][1], s[0][t]));
  const v31_v = w.map((_, t) => tf.add(v29[t], v30[t]));
  const v32 = w.map((_, t) => tf.sqrt(v31_v[t]));
  const v33_u = w.map((_, t) => tf.div(g[t], v32[t]));
  const v34 = w.map((_, t) => tf.sqrt(sum_(tf.square(v33_u[t]))));
  const v35 = w.map((_, t) => tf.div(v34[t], v16[t]));
  const v37 = w.map((_, t) => tf.div(v35[t], h[row[t]][3]));
  const v38 = w.map((_, t) => tf.engine().runKernel('Select', { condition: tf.isNaN(v37[t]), t: v37[t], e: tf.maximum(k1, v37[t]) }));
  const v39_u = w.map((_, t) => tf.div(v33_u[t], v38[t]));
  const v40_update = w.map((_, t) => tf.mul(v19_u3b1[t], v39_u[t]));
  return {
    update: w.map((_, t) => v40_update[t]),
    state: [w.map((_, t) => v31_v[t])],
  };
}

const PROGRAM = {
  className: "OpticAdafactor",
  file: "programs/adafactor.opt",
  fingerprint: "aaf9d543",
  state: ["v"],
  inputs: [],
  hypers: [{ name: "\u03b52", default: 0.001 }, { name: "c", default: 0.8 }, { name: "\u03b51", default: 1e-30 }, { name: "d", default: 1 }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "const", args: [], value: 0 }, { id: 5, op: "const", args: [], value: 1 }, { id: 9, op: "const", args: [], value: 0.01 }, { id: 10, op: "step", args: [] }, { id: 11, op: "sqrt", args: [3] }, { id: 12, op: "div", args: [1, 4] }, { id: 13, op: "min", args: [2, 5] }, { id: 14, op: "hyper", args: [], index: 0 }, { id: 20, op: "hyper", args: [], index: 1 }, { id: 21, op: "negative", args: [8] }, { id: 22, op: "pow", args: [3, 9] }, { id: 23, op: "sub", args: [1, 10] }, { id: 25, op: "hyper", args: [], index: 2 }, { id: 27, op: "const", args: [], value: 1 }, { id: 28, op: "sub", args: [13, 11] }, { id: 36, op: "hyper", args: [], index: 3 }], outputs: [{ id: 13, at: 6 }, { id: 23, at: 11 }, { id: 28, at: 14 }] },
  constants: [0, 1],
};
