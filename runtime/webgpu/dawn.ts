// The one place a Dawn instance (the `webgpu` package's navigator.gpu) is made, for optic's own device
// (device.ts) and for tfjs's webgpu backend (runtime/tfjs/backends.ts): Dawn's GPUBufferUsage, GPUMapMode, …
// installed as globals, where browser code expects them; its polls spaced out (polling.ts); its limit warnings
// kept off stderr (quiet.ts).

import { create, globals } from 'webgpu';
import { spaceDawnPolls } from './polling.ts';
import { quietGpu } from './quiet.ts';

export function dawnGpu(args: readonly string[] = []): GPU {
  Object.assign(globalThis, globals);
  spaceDawnPolls();
  return quietGpu(create([...args]));
}
