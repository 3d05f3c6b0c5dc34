// "programs/tfjs/sgd.opt": state (none); hyperparameters "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const v2_update = w.map((_, t) => tf.mul(h[row[t]][0], g[t]));
  return {
    update: w.map((_, t) => v2_update[t]),
    state: [],
  };
}

const PROGRAM = {
  className: "OpticSgd",
  file: "programs/tfjs/sgd.opt",
  fingerprint: "1e4d2f45",
  state: [],
  inputs: [],
  hypers: [{ name: "lr", default: 0.01 }],
  perStep: { math: "ieee", nodes: [{ id: 1, op: "hyper", args: [], index: 0 }], outputs: [] },
  constants: [],
};
