/** The preview's worker: runs large computations off the page's thread, band by band. */
import { jsKernel, loadKernel, type ConvKernel } from '../core/kernel';
import { computePreview, type WorkerReply, type WorkerRequest } from './compute';

/** Output cells per band: small enough for frequent progress, large enough to amortise the calls. */
const BAND_CELLS = 1 << 16;

// The webview tsconfig has the DOM library, not the worker one: type just what is used.
const scope = self as unknown as {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

let kernel: Promise<ConvKernel> = Promise.resolve(jsKernel);

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'init') {
    kernel = loadKernel(message.wasm);
    return;
  }
  const { id, request } = message;
  const progress = (done: number, total: number) => scope.postMessage({ type: 'progress', id, done, total });
  void kernel.then((chosen) => computePreview(request, chosen, BAND_CELLS, progress)).then(
    (result) => scope.postMessage({ type: 'result', id, result }, [result.output.buffer, result.overlap.buffer]),
    (error: unknown) => {
      const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
      scope.postMessage({ type: 'error', id, code, message: error instanceof Error ? error.message : String(error) });
    },
  );
};
