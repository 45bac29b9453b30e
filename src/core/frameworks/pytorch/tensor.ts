/**
 * torch.nn's activations, dropouts, `Identity`, `Flatten` and `Unflatten` (torch 1.13; 2.x adds
 * none): their constructor signatures and the checks PyTorch makes, constructor first, then
 * `forward`. Checked against test/fixtures/pytorch/tensor.json (generate_tensor.py).
 */
import type { LayerBuilder, LayerEntry } from '../../engine/canonical';
import { type LayerParams, NON_NEGATIVE } from '../../engine/params';
import type { CallSignature } from '../../engine/signature';
import { MAX_TENSOR_RANK } from '../../engine/shapes';
import { elementwise, pythonSignature } from '../common';

const REAL = { real: true } as const;

/** `Softmax(dim=None)` and its kin: with a dim, the input must have that axis; None picks one itself. */
const softmaxLike: LayerBuilder = (params) => {
  const dim = params.optionalNumber('dim', 0);
  return { op: 'checkedActivation', ranks: null, axis: dim === undefined ? null : { value: dim, key: 'dim' }, halves: false };
};

/** The constructor's ValueError for a probability outside [0, 1]; the probability. */
function dropoutProbability(params: LayerParams): number {
  const p = params.number('p', 0.5, REAL);
  if (p < 0 || p > 1) params.reject(params.spanOf('p'), `dropout probability has to be between 0 and 1, but got ${p}`);
  return p;
}

/** A dropout whose input must have `ranks` axes: always (`Dropout1d`), or only where it drops some (`'partial'`: ATen's feature dropout returns early for p = 0 or 1). */
function dropout(ranks: [number, number] | null, when: 'always' | 'partial' = 'always'): LayerBuilder {
  return (params) => {
    const p = dropoutProbability(params);
    const checked = when === 'always' || (p > 0 && p < 1);
    return { op: 'checkedActivation', ranks: checked ? ranks : null, axis: null, halves: false };
  };
}

/** `Hardtanh` asserts `max_val > min_val` when constructed. */
const hardtanh: LayerBuilder = (params) => {
  const min = params.number('min_val', -1, REAL);
  const max = params.number('max_val', 1, REAL);
  if (!(max > min)) params.reject(params.spanOf('max_val'), `Hardtanh needs max_val > min_val (got min_val=${min}, max_val=${max}); PyTorch's constructor raises an AssertionError.`);
  return { op: 'elementwise' };
};

/** Checks a real parameter in `forward` (PyTorch's own message). */
function realAtLeast(key: string, fallback: number, holds: (value: number, params: LayerParams) => string | null): LayerBuilder {
  return (params) => {
    const message = holds(params.number(key, fallback, REAL), params);
    if (message) params.reject(params.spanOf(key), message);
    return { op: 'elementwise' };
  };
}

const unflatten: LayerBuilder = (params) => {
  params.require('dim', 'the axis to unflatten');
  params.require('unflattened_size', 'the sizes the axis is split into');
  if (params.text('dim') !== undefined) {
    params.reject(params.spanOf('dim'), 'ConvLens models Unflatten of an axis given by its index, not by name (named tensors).');
  }
  const written = params.entry('unflattened_size')?.value;
  if (written && written.kind !== 'list' && written.kind !== 'unknown') {
    params.reject(written.span, `unflattened_size must be a tuple of ints, but found type ${written.kind === 'number' ? 'int' : written.kind}`);
  }
  const length = written?.kind === 'list' ? written.items.length : 0;
  const sizes = params.list('unflattened_size', [length], [], { min: -1 });
  if (sizes.filter((size) => size === -1).length > 1) params.reject(params.spanOf('unflattened_size'), 'only one dimension can be inferred');
  return { op: 'unflatten', axis: { value: params.number('dim', 1), key: 'dim' }, sizes: { value: sizes, key: 'unflattened_size' } };
};

const threshold: LayerBuilder = (params) => {
  params.require('threshold', 'the threshold');
  params.require('value', 'the value below the threshold');
  return { op: 'elementwise' };
};

const prelu: LayerBuilder = (params) => ({
  op: 'prelu',
  weights: { kind: 'channels', count: { value: params.number('num_parameters', 1, NON_NEGATIVE), key: 'num_parameters' } },
});

const glu: LayerBuilder = (params) => ({ op: 'checkedActivation', ranks: null, axis: { value: params.number('dim', -1), key: 'dim' }, halves: true });

const flatten: LayerBuilder = (params) => ({ op: 'flatten', startDim: params.number('start_dim', 1), endDim: params.number('end_dim', -1) });

const NO_ARGUMENTS = pythonSignature('', 'Module');
const INPLACE = pythonSignature('inplace=False');
const DROPOUT = pythonSignature('p=0.5, inplace=False', '_DropoutNd');
const LAMBDA = pythonSignature('lambd=0.5');

/** Entries of several types that share a builder and a signature. */
function alike(types: readonly string[], build: LayerBuilder, signature: CallSignature): Record<string, LayerEntry> {
  return Object.fromEntries(types.map((type) => [type, { build, signature }]));
}

const softmax2d: LayerBuilder = () => ({ op: 'checkedActivation', ranks: [3, 4], axis: null, halves: false });

/** The tensor-manipulation, activation and dropout modules of torch.nn. */
export const PYTORCH_TENSOR_LAYERS: Record<string, LayerEntry> = {
  ...alike(['ReLU', 'ReLU6', 'SiLU', 'Mish', 'Hardswish', 'Hardsigmoid', 'SELU'], elementwise, INPLACE),
  ...alike(['Sigmoid', 'Tanh', 'LogSigmoid', 'Softsign', 'Tanhshrink'], elementwise, NO_ARGUMENTS),
  ...alike(['Softmax2d'], softmax2d, NO_ARGUMENTS),
  ...alike(['Softmax', 'Softmin', 'LogSoftmax'], softmaxLike, pythonSignature('dim=None')),
  ...alike(['Hardshrink'], elementwise, LAMBDA),
  ...alike(['Softshrink'], realAtLeast('lambd', 0.5, (lambd) => (lambd < 0 ? `lambda must be greater or equal to 0, but found to be ${lambd}.` : null)), LAMBDA),
  ...alike(['LeakyReLU'], elementwise, pythonSignature('negative_slope=0.01, inplace=False')),
  ...alike(['GELU'], elementwise, pythonSignature("approximate='none'")),
  ...alike(['ELU', 'CELU'], elementwise, pythonSignature('alpha=1.0, inplace=False')),
  ...alike(['Softplus'], elementwise, pythonSignature('beta=1, threshold=20')),
  ...alike(['Hardtanh'], hardtanh, pythonSignature('min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None')),
  ...alike(
    ['RReLU'],
    realAtLeast('upper', 1 / 3, (upper, params) => (params.number('lower', 0.125, REAL) > upper ? 'Lower bound should be less than or equal to the upper bound' : null)),
    pythonSignature('lower=0.125, upper=0.3333333333333333, inplace=False'),
  ),
  ...alike(['Threshold'], threshold, pythonSignature('threshold, value, inplace=False')),
  ...alike(['PReLU'], prelu, pythonSignature('num_parameters=1, init=0.25, device=None, dtype=None')),
  ...alike(['GLU'], glu, pythonSignature('dim=-1')),
  ...alike(['Identity'], elementwise, pythonSignature('*args, **kwargs')),
  ...alike(['Dropout', 'Dropout3d', 'AlphaDropout'], dropout(null), DROPOUT),
  // torch 1.13: dropout1d raises for any rank but 2 and 3; feature dropout needs 2 axes (Dropout3d takes any).
  ...alike(['Dropout2d', 'FeatureAlphaDropout'], dropout([2, MAX_TENSOR_RANK], 'partial'), DROPOUT),
  ...alike(['Dropout1d'], dropout([2, 3]), DROPOUT),
  // Two inputs (`from: [a, b]`), broadcast, then one axis reduced.
  ...alike(['CosineSimilarity'], (params) => ({ op: 'broadcastReduce', axis: { value: params.number('dim', 1), key: 'dim' }, keepDims: false }), pythonSignature('dim=1, eps=1e-08')),
  ...alike(
    ['PairwiseDistance'],
    (params) => ({ op: 'broadcastReduce', axis: { value: -1, key: 'keepdim' }, keepDims: params.boolean('keepdim', false) }),
    pythonSignature('p=2.0, eps=1e-06, keepdim=False'),
  ),
  ...alike(['Flatten'], flatten, pythonSignature('start_dim=1, end_dim=-1')),
  ...alike(['Unflatten'], unflatten, pythonSignature('dim, unflattened_size')),
};
