// "programs/rmsprop.opt": state "v"; hyperparameters "\u03bb", "\u03b1", "lr", "\u03b5"
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(1);
  const v4 = w.map((_, t) => tf.mul(h[row[t]][0], w[t]));
  const v5_g = w.map((_, t) => tf.add(g[t], v4[t]));
  const v6 = w.map((_, t) => tf.square(v5_g[t]));
  const v8_v = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][1]), v6[t]), tf.mul(h[row[t]][1], s[0][t])));
  const v10 = w.map((_, t) => tf.mul(h[row[t]][2], v5_g[t]));
  const v11 = w.map((_, t) => tf.sqrt(v8_v[t]));
  const v13 = w.map((_, t) => tf.add(v11[t], h[row[t]][3]));
  const v14_update = w.map((_, t) => tf.div(v10[t], v13[t]));
  return {
    update: w.map((_, t) => v14_update[t]),
    state: [w.map((_, t) => v8_v[t])],
  };
}

const PROGRAM = {
  className: "OpticRmsprop",
  file: "programs/rmsprop.opt",
  fingerprint: "dc891bc7",
  state: ["v"],
  inputs: [],
  hypers: [{ name: "\u03bb", default: 0 }, { name: "\u03b1", default: 0.99 }, { name: "lr", default: 0.01 }, { name: "\u03b5", default: 1e-8 }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "hyper", args: [], index: 0 }, { id: 7, op: "hyper", args: [], index: 1 }, { id: 9, op: "hyper", args: [], index: 2 }, { id: 12, op: "hyper", args: [], index: 3 }], outputs: [] },
};
