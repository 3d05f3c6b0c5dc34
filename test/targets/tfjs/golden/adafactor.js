// "programs/adafactor.opt": state "vr", "vc"; hyperparameters "\u03b52", "c", "\u03b51", "d"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const m = w.map((v) => ((c) => [v.size / Math.max(c, 1), c])(v.shape.length > 0 ? v.shape[v.shape.length - 1] : 1));
  const k0 = k[0]; // 1
  const k1 = k[1]; // 0
  const sum_ = (x) => (x.size === 0 ? k1 : tf.sum(x));
  const v0_w = w.map((_, t) => tf.reshape(w[t], m[t]));
  const v1_g = w.map((_, t) => tf.reshape(g[t], m[t]));
  const v2_vr = w.map((_, t) => tf.reshape(s[0][t], [m[t][0], 1]));
  const v3_vc = w.map((_, t) => tf.reshape(s[1][t], [1, m[t][1]]));
  const v11 = w.map((_, t) => tf.sqrt(sum_(tf.square(v0_w[t]))));
  const v12 = w.map((_, t) => tf.scalar(w[t].size));
  const v13 = w.map((_, t) => tf.sqrt(v12[t]));
  const v14 = w.map((_, t) => tf.div(v11[t], v13[t]));
  const v15 = w.map((_, t) => tf.engine().runKernel('Select', { condition: tf.isNaN(h[row[t]][0]), t: h[row[t]][0], e: tf.engine().runKernel('Select', { condition: tf.isNaN(v14[t]), t: v14[t], e: tf.maximum(h[row[t]][0], v14[t]) }) }));
  const v16_u3b1 = w.map((_, t) => tf.mul(v15[t], p[row[t]][0]));
  const v21 = w.map((_, t) => tf.square(v1_g[t]));
  const v23_g2 = w.map((_, t) => tf.add(v21[t], h[row[t]][2]));
  const v24 = w.map((_, t) => tf.div(tf.sum(v23_g2[t], 1, true), tf.scalar(v23_g2[t].shape[1])));
  const v27 = w.map((_, t) => tf.mul(p[row[t]][2], v24[t]));
  const v28 = w.map((_, t) => tf.mul(p[row[t]][1], v2_vr[t]));
  const v29_vr = w.map((_, t) => tf.add(v27[t], v28[t]));
  const v30 = w.map((_, t) => tf.div(tf.sum(v23_g2[t], 0, true), tf.scalar(v23_g2[t].shape[0])));
  const v33 = w.map((_, t) => tf.mul(p[row[t]][3], v30[t]));
  const v34 = w.map((_, t) => tf.mul(p[row[t]][1], v3_vc[t]));
  const v35_vc = w.map((_, t) => tf.add(v33[t], v34[t]));
  const v36 = w.map((_, t) => tf.mul(v29_vr[t], v35_vc[t]));
  const v37 = w.map((_, t) => tf.div(sum_(v29_vr[t]), tf.scalar(v29_vr[t].size)));
  const v38 = w.map((_, t) => tf.div(v36[t], v37[t]));
  const v39 = w.map((_, t) => tf.sqrt(v38[t]));
  const v40_u = w.map((_, t) => tf.div(v1_g[t], v39[t]));
  const v41 = w.map((_, t) => tf.sqrt(sum_(tf.square(v40_u[t]))));
  const v42 = w.map((_, t) => tf.scalar(w[t].size));
  const v43 = w.map((_, t) => tf.sqrt(v42[t]));
  const v44 = w.map((_, t) => tf.div(v41[t], v43[t]));
  const v46 = w.map((_, t) => tf.div(v44[t], h[row[t]][3]));
  const v47 = w.map((_, t) => tf.engine().runKernel('Select', { condition: tf.isNaN(v46[t]), t: v46[t], e: tf.maximum(k0, v46[t]) }));
  const v48_u = w.map((_, t) => tf.div(v40_u[t], v47[t]));
  const v49_update = w.map((_, t) => tf.mul(v16_u3b1[t], v48_u[t]));
  return {
    update: w.map((_, t) => tf.reshape(v49_update[t], w[t].shape)),
    state: [w.map((_, t) => v29_vr[t]), w.map((_, t) => v35_vc[t])],
  };
}

const PROGRAM = {
  className: "OpticAdafactor",
  file: "programs/adafactor.opt",
  fingerprint: "0901a78a",
  state: ["vr", "vc"],
  inputs: [],
  hypers: [{ name: "\u03b52", default: 0.001 }, { name: "c", default: 0.8 }, { name: "\u03b51", default: 1e-30 }, { name: "d", default: 1 }],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "const", args: [], value: 0.01 }, { id: 5, op: "const", args: [], value: 1 }, { id: 6, op: "step", args: [] }, { id: 7, op: "sqrt", args: [2] }, { id: 8, op: "div", args: [1, 3] }, { id: 9, op: "min", args: [0, 4] }, { id: 10, op: "hyper", args: [], index: 0 }, { id: 17, op: "hyper", args: [], index: 1 }, { id: 18, op: "negative", args: [7] }, { id: 19, op: "pow", args: [2, 8] }, { id: 20, op: "sub", args: [1, 9] }, { id: 22, op: "hyper", args: [], index: 2 }, { id: 25, op: "const", args: [], value: 1 }, { id: 26, op: "sub", args: [12, 10] }, { id: 31, op: "const", args: [], value: 1 }, { id: 32, op: "sub", args: [14, 10] }, { id: 45, op: "hyper", args: [], index: 3 }], outputs: [{ id: 9, at: 5 }, { id: 20, at: 10 }, { id: 26, at: 13 }, { id: 32, at: 15 }] },
  constants: [1, 0],
  stateTypes: ["rows", "cols"],
};
