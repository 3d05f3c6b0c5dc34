// "programs/signsgd.opt": state (none); hyperparameters "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 1.7014118346046923e+38
  const sign_ = (x) => tf.tanh(tf.mul(tf.mul(x, k0), k0));
  const v2 = w.map((_, t) => sign_(g[t]));
  const v3_update = w.map((_, t) => tf.mul(h[row[t]][0], v2[t]));
  return {
    update: w.map((_, t) => v3_update[t]),
    state: [],
  };
}

const PROGRAM = {
  className: "OpticSignsgd",
  file: "programs/signsgd.opt",
  fingerprint: "d838dc8f",
  state: [],
  inputs: [],
  hypers: [{ name: "lr", default: 0.0001 }],
  perStep: { math: "ieee", nodes: [{ id: 1, op: "hyper", args: [], index: 0 }], outputs: [] },
  constants: [1.7014118346046923e+38],
};
