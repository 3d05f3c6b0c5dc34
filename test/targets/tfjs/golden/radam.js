// "programs/radam.opt": state "m", "v"; hyperparameters "\u03bb", "\u03b21", "\u03b22", "\u03b5", "lr"
function opticStep(tf, w, g, s, h, row, x, step) {
  const k0 = tf.scalar(1);
  const k1 = tf.scalar(NaN);
  const k2 = tf.scalar(2);
  const k3 = tf.scalar(4);
  const k4 = tf.scalar(0);
  const k5 = tf.scalar(1.7014118346046923e+38);
  const sign_ = (x) => tf.where(tf.isNaN(x), x, tf.clipByValue(tf.mul(tf.mul(x, k5), k5), -1, 1));
  const v5 = w.map((_, t) => tf.mul(h[row[t]][0], w[t]));
  const v6_g = w.map((_, t) => tf.add(g[t], v5[t]));
  const v8_m = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][1]), v6_g[t]), tf.mul(h[row[t]][1], s[0][t])));
  const v9 = w.map((_, t) => tf.square(v6_g[t]));
  const v11_v = w.map((_, t) => tf.add(tf.mul(tf.sub(k0, h[row[t]][2]), v9[t]), tf.mul(h[row[t]][2], s[1][t])));
  const v14 = h.map((_, r) => tf.where(tf.logicalAnd(tf.equal(tf.abs(h[r][1]), k0), tf.logicalNot(tf.isFinite(step))), k1, tf.pow(h[r][1], step)));
  const v15 = h.map((_, r) => tf.sub(k0, v14[r]));
  const v16_m_hat = w.map((_, t) => tf.div(v8_m[t], v15[row[t]]));
  const v18 = h.map((_, r) => tf.sub(k0, h[r][2]));
  const v19 = h.map((_, r) => tf.div(k2, v18[r]));
  const v20_u3c1_inf = h.map((_, r) => tf.sub(v19[r], k0));
  const v21_u3b22_t = h.map((_, r) => tf.where(tf.logicalAnd(tf.equal(tf.abs(h[r][2]), k0), tf.logicalNot(tf.isFinite(step))), k1, tf.pow(h[r][2], step)));
  const v22 = tf.mul(k2, step);
  const v23 = h.map((_, r) => tf.mul(v22, v21_u3b22_t[r]));
  const v24 = h.map((_, r) => tf.sub(k0, v21_u3b22_t[r]));
  const v25 = h.map((_, r) => tf.div(v23[r], v24[r]));
  const v26_u3c1 = h.map((_, r) => tf.sub(v20_u3c1_inf[r], v25[r]));
  const v28 = h.map((_, r) => tf.sub(v26_u3c1[r], k3));
  const v29 = h.map((_, r) => sign_(v28[r]));
  const v31_rectified = h.map((_, r) => tf.where(tf.isNaN(v29[r]), v29[r], tf.maximum(v29[r], k4)));
  const v32 = h.map((_, r) => tf.where(tf.isNaN(v28[r]), v28[r], tf.maximum(v28[r], k4)));
  const v33 = h.map((_, r) => tf.sub(v26_u3c1[r], k2));
  const v34 = h.map((_, r) => tf.mul(v32[r], v33[r]));
  const v35 = h.map((_, r) => tf.mul(v34[r], v20_u3c1_inf[r]));
  const v36 = h.map((_, r) => tf.sub(v20_u3c1_inf[r], k3));
  const v37 = h.map((_, r) => tf.sub(v20_u3c1_inf[r], k2));
  const v38 = h.map((_, r) => tf.mul(v36[r], v37[r]));
  const v39 = h.map((_, r) => tf.mul(v38[r], v26_u3c1[r]));
  const v40 = h.map((_, r) => tf.div(v35[r], v39[r]));
  const v41_r = h.map((_, r) => tf.sqrt(v40[r]));
  const v42 = h.map((_, r) => tf.sqrt(v24[r]));
  const v43 = w.map((_, t) => tf.sqrt(v11_v[t]));
  const v45 = w.map((_, t) => tf.add(v43[t], h[row[t]][3]));
  const v46_l = w.map((_, t) => tf.div(v42[row[t]], v45[t]));
  const v48 = w.map((_, t) => tf.mul(h[row[t]][4], v16_m_hat[t]));
  const v49 = h.map((_, r) => tf.mul(v31_rectified[r], v41_r[r]));
  const v50 = w.map((_, t) => tf.mul(v49[row[t]], v46_l[t]));
  const v51 = h.map((_, r) => tf.sub(k0, v31_rectified[r]));
  const v52 = w.map((_, t) => tf.add(v50[t], v51[row[t]]));
  const v53_update = w.map((_, t) => tf.mul(v48[t], v52[t]));
  return {
    update: w.map((_, t) => v53_update[t]),
    state: [w.map((_, t) => v8_m[t]), w.map((_, t) => v11_v[t])],
  };
}

const PROGRAM = {
  className: "OpticRadam",
  file: "programs/radam.opt",
  fingerprint: "03176b5a",
  state: ["m", "v"],
  inputs: [],
  hypers: [{ name: "\u03bb", default: 0 }, { name: "\u03b21", default: 0.9 }, { name: "\u03b22", default: 0.999 }, { name: "\u03b5", default: 1e-8 }, { name: "lr", default: 0.001 }],
};
