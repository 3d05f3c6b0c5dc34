// "programs/nadam.opt": state "m", "v", "mu_product_minus_1"; hyperparameters "\u03bb", "\u03b21", "\u03c8", "\u03b22", "lr", "\u03b5"
function opticStep(tf, w, g, s, h, row, x, p) {
  const k0 = tf.scalar(1);
  const k1 = tf.scalar(0.5);
  const k2 = tf.scalar(0.96);
  const v6 = w.map((_, t) => tf.mul(h[row[t]][0], w[t]));
  const v7_g = w.map((_, t) => tf.add(g[t], v6[t]));
  const v25 = w.map((_, t) => tf.add(s[2][t], k0));
  const v26_mu_product = w.map((_, t) => tf.mul(v25[t], p[row[t]][0]));
  const v27_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][1]), v7_g[t]), tf.mul(h[row[t]][1], s[0][t])));
  const v28 = w.map((_, t) => tf.square(v7_g[t]));
  const v30_v = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][3]), v28[t]), tf.mul(h[row[t]][3], s[1][t])));
  const v31 = w.map((_, t) => tf.mul(p[row[t]][1], v27_m[t]));
  const v32 = w.map((_, t) => tf.mul(v26_mu_product[t], p[row[t]][1]));
  const v33 = w.map((_, t) => tf.sub(k0, v32[t]));
  const v34 = w.map((_, t) => tf.div(v31[t], v33[t]));
  const v36 = w.map((_, t) => tf.mul(p[row[t]][2], v7_g[t]));
  const v37 = w.map((_, t) => tf.sub(k0, v26_mu_product[t]));
  const v38 = w.map((_, t) => tf.div(v36[t], v37[t]));
  const v39_m_hat = w.map((_, t) => tf.add(v34[t], v38[t]));
  const v42_v_hat = w.map((_, t) => tf.div(v30_v[t], p[row[t]][3]));
  const v44 = w.map((_, t) => tf.mul(h[row[t]][4], v39_m_hat[t]));
  const v45 = w.map((_, t) => tf.sqrt(v42_v_hat[t]));
  const v47 = w.map((_, t) => tf.add(v45[t], h[row[t]][5]));
  const v48_update = w.map((_, t) => tf.div(v44[t], v47[t]));
  const v49_mu_product_minus_1 = w.map((_, t) => tf.sub(v26_mu_product[t], k0));
  return {
    update: w.map((_, t) => v48_update[t]),
    state: [w.map((_, t) => v27_m[t]), w.map((_, t) => v30_v[t]), w.map((_, t) => v49_mu_product_minus_1[t])],
  };
}

const PROGRAM = {
  className: "OpticNadam",
  file: "programs/nadam.opt",
  fingerprint: "9d6c925c",
  state: ["m", "v", "mu_product_minus_1"],
  inputs: [],
  hypers: [{ name: "\u03bb", default: 0 }, { name: "\u03b21", default: 0.9 }, { name: "\u03c8", default: 0.004 }, { name: "\u03b22", default: 0.999 }, { name: "lr", default: 0.002 }, { name: "\u03b5", default: 1e-8 }],
  perStep: { math: "ieee", nodes: [{ id: 5, op: "hyper", args: [], index: 0 }, { id: 8, op: "hyper", args: [], index: 1 }, { id: 9, op: "const", args: [], value: 1 }, { id: 10, op: "const", args: [], value: 0.5 }, { id: 11, op: "const", args: [], value: 0.96 }, { id: 12, op: "step", args: [] }, { id: 13, op: "hyper", args: [], index: 2 }, { id: 14, op: "mul", args: [5, 6] }, { id: 15, op: "pow", args: [4, 7] }, { id: 16, op: "mul", args: [3, 8] }, { id: 17, op: "sub", args: [2, 9] }, { id: 18, op: "mul", args: [1, 10] }, { id: 19, op: "add", args: [5, 2] }, { id: 20, op: "mul", args: [12, 6] }, { id: 21, op: "pow", args: [4, 13] }, { id: 22, op: "mul", args: [3, 14] }, { id: 23, op: "sub", args: [2, 15] }, { id: 24, op: "mul", args: [1, 16] }, { id: 29, op: "hyper", args: [], index: 3 }, { id: 35, op: "sub", args: [2, 11] }, { id: 40, op: "pow", args: [18, 5] }, { id: 41, op: "sub", args: [2, 20] }, { id: 43, op: "hyper", args: [], index: 4 }, { id: 46, op: "hyper", args: [], index: 5 }], outputs: [{ id: 18, at: 11 }, { id: 24, at: 17 }, { id: 35, at: 19 }, { id: 41, at: 21 }] },
};
