// "programs/adopt.opt": state "m", "v"; hyperparameters "\u03b5", "\u03b21", "lr", "\u03b22"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 0
  const v6 = w.map((_, t) => tf.square(g[t]));
  const v7_v = w.map((_, t) => tf.where(tf.notEqual(p[row[t]][0], k0), v6[t], s[1][t]));
  const v8 = w.map((_, t) => tf.sqrt(v7_v[t]));
  const v10 = w.map((_, t) => tf.engine().runKernel('Select', { condition: tf.isNaN(v8[t]), t: v8[t], e: tf.sub(tf.maximum(v8[t], h[row[t]][0]), tf.engine().runKernel('Select', { condition: tf.isNaN(h[row[t]][0]), t: h[row[t]][0], e: k0 })) }));
  const v11 = w.map((_, t) => tf.div(g[t], v10[t]));
  const v16_d = w.map((_, t) => tf.engine().runKernel('Select', { condition: tf.isNaN(v11[t]), t: v11[t], e: tf.sub(tf.minimum(tf.maximum(v11[t], tf.neg(p[row[t]][1])), p[row[t]][1]), tf.engine().runKernel('Select', { condition: tf.isNaN(p[row[t]][1]), t: p[row[t]][1], e: k0 })) }));
  const v21 = w.map((_, t) => tf.mul(p[row[t]][2], v16_d[t]));
  const v22 = w.map((_, t) => tf.mul(h[row[t]][1], s[0][t]));
  const v23 = w.map((_, t) => tf.add(v21[t], v22[t]));
  const v24_m = w.map((_, t) => tf.where(tf.notEqual(p[row[t]][0], k0), k0, v23[t]));
  const v26_update = w.map((_, t) => tf.mul(h[row[t]][2], v24_m[t]));
  const v30 = w.map((_, t) => tf.mul(p[row[t]][3], v6[t]));
  const v31 = w.map((_, t) => tf.mul(h[row[t]][3], v7_v[t]));
  const v32_v = w.map((_, t) => tf.add(v30[t], v31[t]));
  return {
    update: w.map((_, t) => v26_update[t]),
    state: [w.map((_, t) => v24_m[t]), w.map((_, t) => v32_v[t])],
  };
}

const PROGRAM = {
  className: "OpticAdopt",
  file: "programs/adopt.opt",
  fingerprint: "320d4a99",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03b5", default: 0.000001 }, { name: "\u03b21", default: 0.9 }, { name: "lr", default: 0.001 }, { name: "\u03b22", default: 0.9999 }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "step", args: [] }, { id: 4, op: "const", args: [], value: 1 }, { id: 5, op: "eq", args: [0, 1] }, { id: 9, op: "hyper", args: [], index: 0 }, { id: 12, op: "sub", args: [0, 1] }, { id: 13, op: "max", args: [4, 1] }, { id: 14, op: "const", args: [], value: 0.25 }, { id: 15, op: "pow", args: [5, 6] }, { id: 17, op: "const", args: [], value: 0 }, { id: 18, op: "hyper", args: [], index: 1 }, { id: 19, op: "const", args: [], value: 1 }, { id: 20, op: "sub", args: [10, 9] }, { id: 25, op: "hyper", args: [], index: 2 }, { id: 27, op: "hyper", args: [], index: 3 }, { id: 28, op: "const", args: [], value: 1 }, { id: 29, op: "sub", args: [14, 13] }], outputs: [{ id: 5, at: 2 }, { id: 15, at: 7 }, { id: 20, at: 11 }, { id: 29, at: 15 }] },
  constants: [0],
};
