/** The vocabulary of every framework ConvLens reads, keyed by the model's `framework`. */
import { FRAMEWORKS, type Framework } from '../ir';
import type { FrameworkVocabulary } from '../engine/canonical';
import { keras } from './keras';
import { onnx } from './onnx';
import { pytorch } from './pytorch';
import { tensorflow } from './tensorflow';
import { tfjs } from './tfjs';

export const VOCABULARIES: Readonly<Record<Framework, FrameworkVocabulary>> = { pytorch, keras, onnx, tensorflow, tfjs };

/** The vocabulary of a model's framework; PyTorch's (ConvLens YAML's default) for a framework a reader should not have produced. */
export function vocabularyOf(framework: Framework): FrameworkVocabulary {
  return Object.hasOwn(VOCABULARIES, framework) ? VOCABULARIES[framework] : pytorch;
}

/** Whether some framework's vocabulary has a layer type spelled exactly `type`. */
export function isKnownLayerType(type: string): boolean {
  return FRAMEWORKS.some((framework) => Object.hasOwn(VOCABULARIES[framework].layers, type));
}
