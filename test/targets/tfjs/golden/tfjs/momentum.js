// "programs/tfjs/momentum.opt": state "accumulation"; hyperparameters "momentum", "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const v3 = w.map((_, t) => tf.mul(h[row[t]][0], s[0][t]));
  const v4_accumulation = w.map((_, t) => tf.add(v3[t], g[t]));
  const v6_update = w.map((_, t) => tf.mul(h[row[t]][1], v4_accumulation[t]));
  return {
    update: w.map((_, t) => v6_update[t]),
    state: [w.map((_, t) => v4_accumulation[t])],
  };
}

const PROGRAM = {
  className: "OpticMomentum",
  file: "programs/tfjs/momentum.opt",
  fingerprint: "478043bd",
  state: ["accumulation"],
  inputs: [],
  hypers: [{ name: "momentum", default: 0.9 }, { name: "lr", default: 0.01 }],
  perStep: { math: "ieee", nodes: [{ id: 2, op: "hyper", args: [], index: 0 }, { id: 5, op: "hyper", args: [], index: 1 }], outputs: [] },
  constants: [],
};
