// "programs/paper/program3_adamw.opt": state "m", "v"; hyperparameters (none)
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 0.09999999999999998
  const k1 = k[1]; // 0.9
  const k2 = k[2]; // 0.0010000000000000009
  const k3 = k[3]; // 0.999
  const k4 = k[4]; // 0.01
  const v5_g2 = w.map((_, t) => tf.square(g[t]));
  const v8 = w.map((_, t) => tf.mul(k0, g[t]));
  const v9 = w.map((_, t) => tf.mul(k1, s[0][t]));
  const v10_m = w.map((_, t) => tf.add(v8[t], v9[t]));
  const v13 = w.map((_, t) => tf.mul(k2, v5_g2[t]));
  const v14 = w.map((_, t) => tf.mul(k3, s[1][t]));
  const v15_v = w.map((_, t) => tf.add(v13[t], v14[t]));
  const v16_sqrt_v = w.map((_, t) => tf.sqrt(v15_v[t]));
  const v17_update = w.map((_, t) => tf.div(v10_m[t], v16_sqrt_v[t]));
  const v19_wd = w.map((_, t) => tf.mul(w[t], k4));
  const v20_update = w.map((_, t) => tf.add(v17_update[t], v19_wd[t]));
  const v23_update = w.map((_, t) => tf.mul(v20_update[t], p[row[t]][0]));
  return {
    update: w.map((_, t) => v23_update[t]),
    state: [w.map((_, t) => v10_m[t]), w.map((_, t) => v15_v[t])],
  };
}

const PROGRAM = {
  className: "OpticProgram3Adamw",
  file: "programs/paper/program3_adamw.opt",
  fingerprint: "58a74fb4",
  state: ["m", "v"],
  inputs: ["lr"],
  hypers: [],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "input", args: [], index: 0 }, { id: 6, op: "const", args: [], value: 0.9 }, { id: 7, op: "const", args: [], value: 0.09999999999999998 }, { id: 11, op: "const", args: [], value: 0.999 }, { id: 12, op: "const", args: [], value: 0.0010000000000000009 }, { id: 18, op: "const", args: [], value: 0.01 }, { id: 21, op: "const", args: [], value: 0.001 }, { id: 22, op: "mul", args: [0, 6] }], outputs: [{ id: 22, at: 7 }] },
  constants: [0.09999999999999998, 0.9, 0.0010000000000000009, 0.999, 0.01],
};
