// "programs/paper/step3_lion.opt": state "m", "v"; hyperparameters "\u03bb", "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 0.09999999999999998
  const k1 = k[1]; // 0.9
  const k2 = k[2]; // 0.010000000000000009
  const k3 = k[3]; // 0.99
  const k4 = k[4]; // 1.7014118346046923e+38
  const sign_ = (x) => tf.tanh(tf.mul(tf.mul(x, k4), k4));
  const v6 = w.map((_, t) => tf.mul(k0, g[t]));
  const v7 = w.map((_, t) => tf.mul(k1, s[0][t]));
  const v8_update = w.map((_, t) => tf.add(v6[t], v7[t]));
  const v9_update = w.map((_, t) => sign_(v8_update[t]));
  const v12 = w.map((_, t) => tf.mul(k2, g[t]));
  const v13 = w.map((_, t) => tf.mul(k3, s[0][t]));
  const v14_m = w.map((_, t) => tf.add(v12[t], v13[t]));
  const v16_wd = w.map((_, t) => tf.mul(w[t], h[row[t]][0]));
  const v17_update = w.map((_, t) => tf.add(v9_update[t], v16_wd[t]));
  const v19_update = w.map((_, t) => tf.mul(v17_update[t], h[row[t]][1]));
  return {
    update: w.map((_, t) => v19_update[t]),
    state: [w.map((_, t) => v14_m[t]), w.map((_, t) => s[1][t])],
  };
}

const PROGRAM = {
  className: "OpticStep3Lion",
  file: "programs/paper/step3_lion.opt",
  fingerprint: "1a792b40",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03bb" }, { name: "lr" }],
  perStep: { math: "ieee", nodes: [{ id: 4, op: "const", args: [], value: 0.9 }, { id: 5, op: "const", args: [], value: 0.09999999999999998 }, { id: 10, op: "const", args: [], value: 0.99 }, { id: 11, op: "const", args: [], value: 0.010000000000000009 }, { id: 15, op: "hyper", args: [], index: 0 }, { id: 18, op: "hyper", args: [], index: 1 }], outputs: [] },
  constants: [0.09999999999999998, 0.9, 0.010000000000000009, 0.99, 1.7014118346046923e+38],
};
