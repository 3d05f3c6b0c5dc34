// "programs/lion.opt": state "m"; hyperparameters "\u03b22", "\u03b21", "\u03bb", "lr"
function opticStep(tf, w, g, s, h, row, x, step) {
  const k0 = tf.scalar(1);
  const k1 = tf.scalar(NaN);
  const k2 = tf.scalar(1.7014118346046923e+38);
  const sign_ = (x) => tf.where(tf.isNaN(x), x, tf.clipByValue(tf.mul(tf.mul(x, k2), k2), -1, 1));
  const v5 = tf.sub(step, k0);
  const v6 = tf.where(tf.isNaN(v5), v5, tf.minimum(v5, k0));
  const v8 = h.map((_, r) => tf.where(tf.logicalAnd(tf.equal(tf.abs(h[r][0]), k0), tf.logicalNot(tf.isFinite(v5))), k1, tf.pow(h[r][0], v5)));
  const v9 = h.map((_, r) => tf.mul(v6, v8[r]));
  const v10 = h.map((_, r) => tf.sub(k0, v9[r]));
  const v11_m_hat = w.map((_, t) => tf.div(s[0][t], v10[row[t]]));
  const v13_c = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][1]), g[t]), tf.mul(h[row[t]][1], v11_m_hat[t])));
  const v14 = w.map((_, t) => sign_(v13_c[t]));
  const v16 = w.map((_, t) => tf.mul(h[row[t]][2], w[t]));
  const v17_update = w.map((_, t) => tf.add(v14[t], v16[t]));
  const v19_update = w.map((_, t) => tf.mul(h[row[t]][3], v17_update[t]));
  const v20_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][0]), g[t]), tf.mul(h[row[t]][0], s[0][t])));
  return {
    update: w.map((_, t) => v19_update[t]),
    state: [w.map((_, t) => v20_m[t])],
  };
}

const PROGRAM = {
  className: "OpticLion",
  file: "programs/lion.opt",
  fingerprint: "eb013ebd",
  state: ["m"],
  inputs: [],
  hypers: [{ name: "\u03b22", default: 0.99 }, { name: "\u03b21", default: 0.9 }, { name: "\u03bb", default: 1 }, { name: "lr", default: 0.0003 }],
};
