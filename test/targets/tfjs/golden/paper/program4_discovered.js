// "programs/paper/program4_discovered.opt": state "m", "v"; hyperparameters (none)
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 0
  const k1 = k[1]; // 0.10099999999999998
  const k2 = k[2]; // 0.899
  const k3 = k[3]; // -0.10899999999999999
  const k4 = k[4]; // 1.109
  const k5 = k[5]; // 0.4602
  const v4_g = w.map((_, t) => tf.engine().runKernel('Select', { condition: tf.isNaN(g[t]), t: g[t], e: tf.sub(tf.minimum(tf.maximum(g[t], tf.neg(x[0])), x[0]), tf.engine().runKernel('Select', { condition: tf.isNaN(x[0]), t: x[0], e: k0 })) }));
  const v5_g = w.map((_, t) => tf.asin(v4_g[t]));
  const v8 = w.map((_, t) => tf.mul(k1, v5_g[t]));
  const v9 = w.map((_, t) => tf.mul(k2, s[1][t]));
  const v10_m = w.map((_, t) => tf.add(v8[t], v9[t]));
  const v11_m2 = w.map((_, t) => tf.square(v10_m[t]));
  const v14 = w.map((_, t) => tf.mul(k3, v5_g[t]));
  const v15 = w.map((_, t) => tf.mul(k4, v10_m[t]));
  const v16_v = w.map((_, t) => tf.add(v14[t], v15[t]));
  const v17_abs_m = w.map((_, t) => tf.sqrt(v11_m2[t]));
  const v18_update = w.map((_, t) => tf.div(v10_m[t], v17_abs_m[t]));
  const v20_wd = w.map((_, t) => tf.mul(w[t], k5));
  const v21_update = w.map((_, t) => tf.add(v18_update[t], v20_wd[t]));
  const v24_m = w.map((_, t) => tf.cosh(v21_update[t]));
  const v25_update = w.map((_, t) => tf.mul(v21_update[t], p[row[t]][0]));
  return {
    update: w.map((_, t) => v25_update[t]),
    state: [w.map((_, t) => v24_m[t]), w.map((_, t) => v16_v[t])],
  };
}

const PROGRAM = {
  className: "OpticProgram4Discovered",
  file: "programs/paper/program4_discovered.opt",
  fingerprint: "c2b42ff1",
  state: ["m", "v"],
  inputs: ["lr"],
  hypers: [],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "input", args: [], index: 0 }, { id: 6, op: "const", args: [], value: 0.899 }, { id: 7, op: "const", args: [], value: 0.10099999999999998 }, { id: 12, op: "const", args: [], value: 1.109 }, { id: 13, op: "const", args: [], value: -0.10899999999999999 }, { id: 19, op: "const", args: [], value: 0.4602 }, { id: 22, op: "const", args: [], value: 0.0002 }, { id: 23, op: "mul", args: [0, 6] }], outputs: [{ id: 23, at: 7 }] },
  constants: [0, 0.10099999999999998, 0.899, -0.10899999999999999, 1.109, 0.4602],
};
