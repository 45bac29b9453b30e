/**
 * Conformance with real TF.js for the spatial family: every case of test/fixtures/tfjs/spatial.json
 * (generate_spatial.mjs, @tensorflow/tfjs-layers 4.22) read three ways through the real readers
 * (see describeTfjsFixtures). Where TF.js 4.22 parts from Keras (docs/frameworks/tfjs.md):
 */
import { describeTfjsFixtures, type Reading, type TfjsCase } from '../support/tfjsFixtureSuite';

function applies(fixture: TfjsCase, reading: Reading): boolean {
  if (reading === 'model.json') return fixture.saved !== undefined;
  if (reading !== 'keras YAML') return true;
  // TF.js's DepthwiseConv2D ignores dilationRate; Keras applies it.
  return !(fixture.layer === 'DepthwiseConv2D' && fixture.args.dilationRate !== undefined);
}

function knownDiscrepancy(fixture: TfjsCase, reading: Reading): string | undefined {
  if (reading === 'model.json' && fixture.layer === 'SeparableConv2D' && Number(fixture.args.depthMultiplier ?? 1) > 1) {
    return "TF.js's SeparableConv2D leaves depth_multiplier out of its saved config, so the model.json reloads with multiplier 1; ConvLens reads the saved config as TF.js would load it";
  }
  return undefined;
}

describeTfjsFixtures('test/fixtures/tfjs/spatial.json', 'spatial-family fixtures', { applies, knownDiscrepancy });
