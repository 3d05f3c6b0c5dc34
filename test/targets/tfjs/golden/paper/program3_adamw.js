// "programs/paper/program3_adamw.opt": state "m", "v"; hyperparameters (none)
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(0.9);
  const k1 = tf.scalar(1);
  const k2 = tf.scalar(0.999);
  const k3 = tf.scalar(0.01);
  const k4 = tf.scalar(0.001);
  const v5_g2 = w.map((_, t) => tf.square(g[t]));
  const v7_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k1, k0), g[t]), tf.mul(k0, s[0][t])));
  const v9_v = w.map((_, t) => tf.add(tf.mul(tf.sub(k1, k2), v5_g2[t]), tf.mul(k2, s[1][t])));
  const v10_sqrt_v = w.map((_, t) => tf.sqrt(v9_v[t]));
  const v11_update = w.map((_, t) => tf.div(v7_m[t], v10_sqrt_v[t]));
  const v13_wd = w.map((_, t) => tf.mul(w[t], k3));
  const v14_update = w.map((_, t) => tf.add(v11_update[t], v13_wd[t]));
  const v17_update = w.map((_, t) => tf.mul(v14_update[t], p[row[t]][0]));
  return {
    update: w.map((_, t) => v17_update[t]),
    state: [w.map((_, t) => v7_m[t]), w.map((_, t) => v9_v[t])],
  };
}

const PROGRAM = {
  className: "OpticProgram3Adamw",
  file: "programs/paper/program3_adamw.opt",
  fingerprint: "97edcb4f",
  state: ["m", "v"],
  inputs: ["lr"],
  hypers: [],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "input", args: [], index: 0 }, { id: 6, op: "const", args: [], value: 0.9 }, { id: 8, op: "const", args: [], value: 0.999 }, { id: 12, op: "const", args: [], value: 0.01 }, { id: 15, op: "const", args: [], value: 0.001 }, { id: 16, op: "mul", args: [0, 4] }], outputs: [{ id: 16, at: 5 }] },
};
