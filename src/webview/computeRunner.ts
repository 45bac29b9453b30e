/**
 * Chooses where a computation runs: small ones inline (instant feedback while typing), large
 * ones in the kernel worker with progress; a newer request or Cancel terminates the worker.
 */
import { computePreview, type ComputeRequest, type ComputeResult, type WorkerReply, type WorkerRequest } from './compute';
import type { PageKernel } from './pageKernel';

/** Outputs up to this many cells are computed on the page's thread. */
export const INLINE_CELLS = 1 << 16;

export class CancelledError extends Error {
  constructor() {
    super('Cancelled.');
  }
}

/** An error from the kernel, carrying its diagnostic code. */
export class KernelError extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export class ComputeRunner {
  private worker: { worker: Worker; url: string } | undefined;
  private workerSource: Promise<string> | undefined;
  private nextId = 1;
  private pending: { id: number; reject: (error: Error) => void } | undefined;

  constructor(
    private readonly workerUri: string,
    private readonly pageKernel: Promise<PageKernel>,
  ) {}

  /** Runs `request`, cancelling any computation still running. */
  async run(request: ComputeRequest, outputCells: number, onProgress: (done: number, total: number) => void): Promise<ComputeResult> {
    this.cancel();
    if (outputCells <= INLINE_CELLS) return withKernelError(this.pageKernel.then(({ kernel }) => computePreview(request, kernel, Number.MAX_SAFE_INTEGER)));
    const worker = await this.startWorker();
    const id = this.nextId++;
    return new Promise<ComputeResult>((resolve, reject) => {
      this.pending = { id, reject };
      worker.onmessage = (event: MessageEvent<WorkerReply>) => {
        const reply = event.data;
        if (reply.id !== id) return;
        if (reply.type === 'progress') {
          onProgress(reply.done, reply.total);
          return;
        }
        this.pending = undefined;
        if (reply.type === 'result') resolve(reply.result);
        else reject(new KernelError(reply.code, reply.message));
      };
      worker.onerror = (event) => {
        this.pending = undefined;
        this.stopWorker();
        reject(new KernelError(undefined, `The kernel worker failed: ${event.message}`));
      };
      worker.postMessage({ type: 'compute', id, request } satisfies WorkerRequest);
    });
  }

  /** Stops the running computation, if any; its promise rejects with {@link CancelledError}. */
  cancel(): void {
    if (!this.pending) return;
    const { reject } = this.pending;
    this.pending = undefined;
    this.stopWorker();
    reject(new CancelledError());
  }

  private stopWorker(): void {
    if (!this.worker) return;
    this.worker.worker.terminate();
    URL.revokeObjectURL(this.worker.url);
    this.worker = undefined;
  }

  /**
   * Webview resources are cross-origin for `new Worker`, so the script runs from a blob URL; it
   * gets a copy of the kernel module's bytes rather than fetching them again.
   */
  private async startWorker(): Promise<Worker> {
    if (this.worker) return this.worker.worker;
    this.workerSource ??= fetch(this.workerUri).then((response) => {
      if (!response.ok) throw new Error(`Cannot load the kernel worker (${response.status}).`);
      return response.text();
    });
    const [source, { wasm }] = await Promise.all([this.workerSource, this.pageKernel]);
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    this.worker = { worker: new Worker(url), url };
    this.worker.worker.postMessage({ type: 'init', wasm } satisfies WorkerRequest);
    return this.worker.worker;
  }
}

async function withKernelError(result: Promise<ComputeResult>): Promise<ComputeResult> {
  try {
    return await result;
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
    throw new KernelError(code, error instanceof Error ? error.message : String(error));
  }
}
