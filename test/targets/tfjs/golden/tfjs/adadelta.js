// "programs/tfjs/adadelta.opt": state "accum_grad", "accum_var"; hyperparameters "\u03b5", "\u03c1", "lr"
function opticStep(tf, w, g, s, h, row, x, p, k) {
  const v4 = w.map((_, t) => tf.add(s[1][t], h[row[t]][0]));
  const v5 = w.map((_, t) => tf.sqrt(v4[t]));
  const v6 = w.map((_, t) => tf.add(s[0][t], h[row[t]][0]));
  const v7 = w.map((_, t) => tf.sqrt(v6[t]));
  const v8 = w.map((_, t) => tf.div(v5[t], v7[t]));
  const v9_delta = w.map((_, t) => tf.mul(v8[t], g[t]));
  const v11 = w.map((_, t) => tf.mul(h[row[t]][1], s[0][t]));
  const v14 = w.map((_, t) => tf.square(g[t]));
  const v15 = w.map((_, t) => tf.mul(p[row[t]][0], v14[t]));
  const v16_accum_grad = w.map((_, t) => tf.add(v11[t], v15[t]));
  const v17 = w.map((_, t) => tf.mul(h[row[t]][1], s[1][t]));
  const v18 = w.map((_, t) => tf.square(v9_delta[t]));
  const v19 = w.map((_, t) => tf.mul(p[row[t]][0], v18[t]));
  const v20_accum_var = w.map((_, t) => tf.add(v17[t], v19[t]));
  const v22_update = w.map((_, t) => tf.mul(h[row[t]][2], v9_delta[t]));
  return {
    update: w.map((_, t) => v22_update[t]),
    state: [w.map((_, t) => v16_accum_grad[t]), w.map((_, t) => v20_accum_var[t])],
  };
}

const PROGRAM = {
  className: "OpticAdadelta",
  file: "programs/tfjs/adadelta.opt",
  fingerprint: "d52dbdde",
  state: ["accum_grad", "accum_var"],
  inputs: [],
  hypers: [{ name: "\u03b5", default: 1e-7 }, { name: "\u03c1", default: 0.95 }, { name: "lr", default: 0.001 }],
  perStep: { math: "ieee", nodes: [{ id: 3, op: "hyper", args: [], index: 0 }, { id: 10, op: "hyper", args: [], index: 1 }, { id: 12, op: "const", args: [], value: 1 }, { id: 13, op: "sub", args: [2, 1] }, { id: 21, op: "hyper", args: [], index: 2 }], outputs: [{ id: 13, at: 3 }] },
  constants: [],
};
