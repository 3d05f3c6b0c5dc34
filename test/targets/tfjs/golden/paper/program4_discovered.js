// "programs/paper/program4_discovered.opt": state "m", "v"; hyperparameters (none)
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(0.899);
  const k1 = tf.scalar(1);
  const k2 = tf.scalar(1.109);
  const k3 = tf.scalar(0.4602);
  const k4 = tf.scalar(0.0002);
  const v4_g = w.map((_, t) => tf.where(tf.isNaN(g[t]), g[t], tf.where(tf.isNaN(x[0]), x[0], tf.minimum(tf.maximum(g[t], tf.neg(x[0])), x[0]))));
  const v5_g = w.map((_, t) => tf.asin(v4_g[t]));
  const v7_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k1, k0), v5_g[t]), tf.mul(k0, s[1][t])));
  const v8_m2 = w.map((_, t) => tf.square(v7_m[t]));
  const v10_v = w.map((_, t) => tf.add(tf.mul(tf.sub(k1, k2), v5_g[t]), tf.mul(k2, v7_m[t])));
  const v11_abs_m = w.map((_, t) => tf.sqrt(v8_m2[t]));
  const v12_update = w.map((_, t) => tf.div(v7_m[t], v11_abs_m[t]));
  const v14_wd = w.map((_, t) => tf.mul(w[t], k3));
  const v15_update = w.map((_, t) => tf.add(v12_update[t], v14_wd[t]));
  const v18_m = w.map((_, t) => tf.cosh(v15_update[t]));
  const v19_update = w.map((_, t) => tf.mul(v15_update[t], p[row[t]][0]));
  return {
    update: w.map((_, t) => v19_update[t]),
    state: [w.map((_, t) => v18_m[t]), w.map((_, t) => v10_v[t])],
  };
}

const PROGRAM = {
  className: "OpticProgram4Discovered",
  file: "programs/paper/program4_discovered.opt",
  fingerprint: "b4ac8389",
  state: ["m", "v"],
  inputs: ["lr"],
  hypers: [],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "input", args: [], index: 0 }, { id: 6, op: "const", args: [], value: 0.899 }, { id: 9, op: "const", args: [], value: 1.109 }, { id: 13, op: "const", args: [], value: 0.4602 }, { id: 16, op: "const", args: [], value: 0.0002 }, { id: 17, op: "mul", args: [0, 4] }], outputs: [{ id: 17, at: 5 }] },
};
