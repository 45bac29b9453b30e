import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
const bundle = await esbuild.build({ entryPoints: ['src/core/kernel/index.ts'], bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'warning' });
const k = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].contents).toString('base64')}`);
const bytes = readFileSync('dist/convKernel.wasm');
// wrap instance exports for timing
const RealInstance = WebAssembly.Instance;
const times = {};
WebAssembly.Instance = function (m, i) { const inst = new RealInstance(m, i); const ex = {};
  for (const [n, f] of Object.entries(inst.exports)) ex[n] = typeof f === 'function' ? (...a) => { const t = performance.now(); const r = f(...a); times[n] = (times[n] ?? 0) + performance.now() - t; return r; } : f;
  return { exports: ex }; };
const wasm = k.loadWasmKernelSync(bytes);
const W = [[3,512,3,4,1,0],[256,32,128,4,1,0],[64,128,32,3,1,1]];
for (const [ci,h,co,kk,p,op] of W) {
  const x = { data: new Float32Array(ci*h*h).map(Math.random), shape: [1,ci,h,h] };
  const w = { data: new Float32Array(ci*co*kk*kk).map(Math.random), shape: [ci,co,kk,kk] };
  for (let i=0;i<3;i++) wasm.convTranspose(x,w,{stride:2,padding:p,outputPadding:op});
  for (const key of Object.keys(times)) delete times[key];
  const R=10; const t=performance.now();
  for (let i=0;i<R;i++) wasm.convTranspose(x,w,{stride:2,padding:p,outputPadding:op});
  const total=(performance.now()-t)/R;
  console.log(ci,h,co,'total',total.toFixed(2), Object.entries(times).map(([n,v])=>`${n} ${(v/R).toFixed(2)}`).join(' '));
}
