// "programs/paper/step1_adamw.opt": state "m", "v"; hyperparameters "\u03bb", "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const k0 = k[0]; // 0.09999999999999998
  const k1 = k[1]; // 0.9
  const k2 = k[2]; // 0.0010000000000000009
  const k3 = k[3]; // 0.999
  const v4_g2 = w.map((_, t) => tf.square(g[t]));
  const v7 = w.map((_, t) => tf.mul(k0, g[t]));
  const v8 = w.map((_, t) => tf.mul(k1, s[0][t]));
  const v9_m = w.map((_, t) => tf.add(v7[t], v8[t]));
  const v12 = w.map((_, t) => tf.mul(k2, v4_g2[t]));
  const v13 = w.map((_, t) => tf.mul(k3, s[1][t]));
  const v14_v = w.map((_, t) => tf.add(v12[t], v13[t]));
  const v15_v_sqrt = w.map((_, t) => tf.sqrt(v14_v[t]));
  const v16_update = w.map((_, t) => tf.div(v9_m[t], v15_v_sqrt[t]));
  const v18_wd = w.map((_, t) => tf.mul(w[t], h[row[t]][0]));
  const v19_update = w.map((_, t) => tf.add(v16_update[t], v18_wd[t]));
  const v21_update = w.map((_, t) => tf.mul(v19_update[t], h[row[t]][1]));
  return {
    update: w.map((_, t) => v21_update[t]),
    state: [w.map((_, t) => v9_m[t]), w.map((_, t) => v14_v[t])],
  };
}

const PROGRAM = {
  className: "OpticStep1Adamw",
  file: "programs/paper/step1_adamw.opt",
  fingerprint: "648344de",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03bb" }, { name: "lr" }],
  perStep: { math: "ieee", nodes: [{ id: 5, op: "const", args: [], value: 0.9 }, { id: 6, op: "const", args: [], value: 0.09999999999999998 }, { id: 10, op: "const", args: [], value: 0.999 }, { id: 11, op: "const", args: [], value: 0.0010000000000000009 }, { id: 17, op: "hyper", args: [], index: 0 }, { id: 20, op: "hyper", args: [], index: 1 }], outputs: [] },
  constants: [0.09999999999999998, 0.9, 0.0010000000000000009, 0.999],
};
