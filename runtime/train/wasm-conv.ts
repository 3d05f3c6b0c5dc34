// tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so a Conv2D layer cannot train there. It does have
// Conv3DBackpropFilterV2 (XNNPACK-free C++), and a 2D convolution is a 3D one of depth 1: the wasm backend
// keeps tensors as flat buffers, so the 4D tensors are handed to the 3D kernel under 5D shapes and its 5D
// result is returned under the filter's 4D shape, no copy. Measured against the other ways (runtime/train/
// README.md): this is the fastest way to train the CNN here.

import * as tf from '@tensorflow/tfjs-core';

type Info = { dataId: object; shape: number[]; dtype: tf.DataType };

let registered = false;

/** Registers Conv2DBackpropFilter for the wasm backend (once; only for NHWC, unit dilation, 'same'/'valid'). */
export function registerWasmConv2DBackpropFilter(): void {
  if (registered || tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  const conv3d = tf.getKernel('Conv3DBackpropFilterV2', 'wasm');
  if (!conv3d)
    throw new Error('the wasm backend has no Conv3DBackpropFilterV2 kernel to build Conv2DBackpropFilter on');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as unknown as { x: Info; dy: Info };
      const { strides, pad, dataFormat, filterShape } = attrs as unknown as {
        strides: [number, number] | number;
        pad: 'same' | 'valid' | number;
        dataFormat: string;
        filterShape: [number, number, number, number];
      };
      if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter on wasm: only NHWC, not ${dataFormat}`);
      if (pad !== 'same' && pad !== 'valid')
        throw new Error(`Conv2DBackpropFilter on wasm: only 'same' or 'valid' padding, not ${JSON.stringify(pad)}`);
      const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
      const as5d = (t: Info): Info => ({ ...t, shape: [t.shape[0], 1, ...t.shape.slice(1)] });
      const dw = conv3d.kernelFunc({
        inputs: { x: as5d(x), dy: as5d(dy) } as unknown as tf.NamedTensorInfoMap,
        backend,
        attrs: { strides: [1, sh, sw], pad, filterShape: [1, ...filterShape] },
      }) as Info;
      return { ...dw, shape: [...filterShape] };
    },
  });
  registered = true;
}
