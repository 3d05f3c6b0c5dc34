// "programs/tfjs/rmsprop.opt": state "rms", "mom"; hyperparameters "decay", "momentum", "lr", "\u03b5"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const v4 = w.map((_, t) => tf.mul(h[row[t]][0], s[0][t]));
  const v7 = w.map((_, t) => tf.square(g[t]));
  const v8 = w.map((_, t) => tf.mul(p[row[t]][0], v7[t]));
  const v9_rms = w.map((_, t) => tf.add(v4[t], v8[t]));
  const v11 = w.map((_, t) => tf.mul(h[row[t]][1], s[1][t]));
  const v13 = w.map((_, t) => tf.mul(h[row[t]][2], g[t]));
  const v15 = w.map((_, t) => tf.add(v9_rms[t], h[row[t]][3]));
  const v16 = w.map((_, t) => tf.sqrt(v15[t]));
  const v17 = w.map((_, t) => tf.div(v13[t], v16[t]));
  const v18_mom = w.map((_, t) => tf.add(v11[t], v17[t]));
  return {
    update: w.map((_, t) => v18_mom[t]),
    state: [w.map((_, t) => v9_rms[t]), w.map((_, t) => v18_mom[t])],
  };
}

const PROGRAM = {
  className: "OpticRmsprop",
  file: "programs/tfjs/rmsprop.opt",
  fingerprint: "00d8033c",
  state: ["rms", "mom"],
  inputs: [],
  hypers: [{ name: "decay", default: 0.9 }, { name: "momentum", default: 0 }, { name: "lr", default: 0.001 }, { name: "\u03b5", default: 1e-7 }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "hyper", args: [], index: 0 }, { id: 5, op: "const", args: [], value: 1 }, { id: 6, op: "sub", args: [1, 0] }, { id: 10, op: "hyper", args: [], index: 1 }, { id: 12, op: "hyper", args: [], index: 2 }, { id: 14, op: "hyper", args: [], index: 3 }], outputs: [{ id: 6, at: 2 }] },
  constants: [],
};
