/**
 * Conformance with real TF.js for the tensor-manipulation, merge, activation and dropout layers:
 * every case of test/fixtures/tfjs/tensor.json (generate_tensor.mjs, @tensorflow/tfjs-layers 4.22)
 * read three ways through the real readers (see describeTfjsFixtures). The Keras reading is left
 * out where Keras 3's documented behaviour parts from TF.js's (docs/frameworks/tfjs.md):
 */
import { describeTfjsFixtures, type Reading, type TfjsCase } from '../support/tfjsFixtureSuite';

function applies(fixture: TfjsCase, reading: Reading): boolean {
  if (reading === 'model.json') return fixture.saved !== undefined;
  if (reading !== 'keras YAML') return true;
  // Keras 3 refuses a dropout rate outside [0, 1] (ValueError); TF.js clamps it.
  if (fixture.scenario === 'rate out of range') return false;
  // Keras 3 merges accept one input; TF.js's need two.
  if (fixture.scenario === 'one input') return false;
  // Keras 3's Dot takes inputs of any rank; TF.js's at most 3-D.
  if (fixture.scenario === '4-D input') return false;
  // Keras 3's Softmax defaults to axis -1 and runs on any axis; TF.js's defaults to 1 and runs on the last only.
  if (fixture.layer === 'Softmax') return false;
  // Keras 3 has no ThresholdedReLU.
  return fixture.layer !== 'ThresholdedReLU';
}

describeTfjsFixtures('test/fixtures/tfjs/tensor.json', 'tensor, merge, activation and dropout fixtures', { applies, knownDiscrepancy: () => undefined });
