// "programs/paper/step3_lion.opt": state "m", "v"; hyperparameters "\u03bb", "lr"
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(0.9);
  const k1 = tf.scalar(1);
  const k2 = tf.scalar(0.99);
  const k3 = tf.scalar(1.7014118346046923e+38);
  const sign_ = (x) => tf.where(tf.isNaN(x), x, tf.clipByValue(tf.mul(tf.mul(x, k3), k3), -1, 1));
  const v5_update = w.map((_, t) => tf.add(tf.mul(tf.sub(k1, k0), g[t]), tf.mul(k0, s[0][t])));
  const v6_update = w.map((_, t) => sign_(v5_update[t]));
  const v8_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k1, k2), g[t]), tf.mul(k2, s[0][t])));
  const v10_wd = w.map((_, t) => tf.mul(w[t], h[row[t]][0]));
  const v11_update = w.map((_, t) => tf.add(v6_update[t], v10_wd[t]));
  const v13_update = w.map((_, t) => tf.mul(v11_update[t], h[row[t]][1]));
  return {
    update: w.map((_, t) => v13_update[t]),
    state: [w.map((_, t) => v8_m[t]), w.map((_, t) => s[1][t])],
  };
}

const PROGRAM = {
  className: "OpticStep3Lion",
  file: "programs/paper/step3_lion.opt",
  fingerprint: "84f5d6b7",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03bb" }, { name: "lr" }],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "const", args: [], value: 0.9 }, { id: 7, op: "const", args: [], value: 0.99 }, { id: 9, op: "hyper", args: [], index: 0 }, { id: 12, op: "hyper", args: [], index: 1 }], outputs: [] },
};
