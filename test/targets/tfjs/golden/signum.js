// "programs/signum.opt": state "m"; hyperparameters "\u03b2", "lr"
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(1);
  const k1 = tf.scalar(1.7014118346046923e+38);
  const sign_ = (x) => tf.where(tf.isNaN(x), x, tf.clipByValue(tf.mul(tf.mul(x, k1), k1), -1, 1));
  const v3_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][0]), g[t]), tf.mul(h[row[t]][0], s[0][t])));
  const v5 = w.map((_, t) => sign_(v3_m[t]));
  const v6_update = w.map((_, t) => tf.mul(h[row[t]][1], v5[t]));
  return {
    update: w.map((_, t) => v6_update[t]),
    state: [w.map((_, t) => v3_m[t])],
  };
}

const PROGRAM = {
  className: "OpticSignum",
  file: "programs/signum.opt",
  fingerprint: "47a3c862",
  state: ["m"],
  inputs: [],
  hypers: [{ name: "\u03b2", default: 0.9 }, { name: "lr", default: 0.0001 }],
  perStep: { math: "ieee", nodes: [{ id: 2, op: "hyper", args: [], index: 0 }, { id: 4, op: "hyper", args: [], index: 1 }], outputs: [] },
};
