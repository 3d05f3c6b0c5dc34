// "programs/paper/step1_adamw.opt": state "m", "v"; hyperparameters "\u03bb", "lr"
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(0.9);
  const k1 = tf.scalar(1);
  const k2 = tf.scalar(0.999);
  const v4_g2 = w.map((_, t) => tf.square(g[t]));
  const v6_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k1, k0), g[t]), tf.mul(k0, s[0][t])));
  const v8_v = w.map((_, t) => tf.add(tf.mul(tf.sub(k1, k2), v4_g2[t]), tf.mul(k2, s[1][t])));
  const v9_v_sqrt = w.map((_, t) => tf.sqrt(v8_v[t]));
  const v10_update = w.map((_, t) => tf.div(v6_m[t], v9_v_sqrt[t]));
  const v12_wd = w.map((_, t) => tf.mul(w[t], h[row[t]][0]));
  const v13_update = w.map((_, t) => tf.add(v10_update[t], v12_wd[t]));
  const v15_update = w.map((_, t) => tf.mul(v13_update[t], h[row[t]][1]));
  return {
    update: w.map((_, t) => v15_update[t]),
    state: [w.map((_, t) => v6_m[t]), w.map((_, t) => v8_v[t])],
  };
}

const PROGRAM = {
  className: "OpticStep1Adamw",
  file: "programs/paper/step1_adamw.opt",
  fingerprint: "4fb4e05d",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03bb" }, { name: "lr" }],
  perStep: { math: "ieee", nodes: [{ id: 5, op: "const", args: [], value: 0.9 }, { id: 7, op: "const", args: [], value: 0.999 }, { id: 11, op: "hyper", args: [], index: 0 }, { id: 14, op: "hyper", args: [], index: 1 }], outputs: [] },
};
