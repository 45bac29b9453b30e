/** The preview's worker: runs large computations off the page's thread, band by band. */
import { computePreview, type WorkerReply, type WorkerRequest } from './compute';

/** Output cells per band: small enough for frequent progress, large enough to amortise the calls. */
const BAND_CELLS = 1 << 16;

// The webview tsconfig has the DOM library, not the worker one: type just what is used.
const scope = self as unknown as {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

scope.onmessage = (event) => {
  const { id, request } = event.data;
  void computePreview(request, BAND_CELLS, (done, total) => scope.postMessage({ type: 'progress', id, done, total })).then(
    (result) => scope.postMessage({ type: 'result', id, result }, [result.output.buffer, result.overlap.buffer]),
    (error: unknown) => {
      const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
      scope.postMessage({ type: 'error', id, code, message: error instanceof Error ? error.message : String(error) });
    },
  );
};
