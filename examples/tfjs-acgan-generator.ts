/**
 * The generator of TensorFlow.js's ACGAN example (tensorflow/tfjs-examples, mnist-acgan/gan.js,
 * `buildGenerator`): a dense layer reshaped to a 3×3×384 map, then three transposed
 * convolutions that upsample it to an MNIST-sized image, with batch normalization in between.
 *
 * Expected shapes (NHWC, TF.js `deconvLength`: 'valid' o = i·s + max(k − s, 0), 'same' o = i·s):
 *   dense               → [N, 3456]
 *   reshape             → [N, 3, 3, 384]
 *   conv2dTranspose k5 s1 'valid' → [N, 7, 7, 192]     (3·1 + max(5 − 1, 0) = 7)
 *   batchNormalization  → [N, 7, 7, 192]
 *   conv2dTranspose k5 s2 'same'  → [N, 14, 14, 96]
 *   batchNormalization  → [N, 14, 14, 96]
 *   conv2dTranspose k5 s2 'same'  → [N, 28, 28, 1]
 *
 * In the original the stack is then wrapped in a two-input functional model (latent vector times
 * a class embedding); that wrapper does not change the image shapes and is left out here.
 */
import * as tf from '@tensorflow/tfjs';

/** Size of the latent space (the example's `--latentSize` default). */
const LATENT_SIZE = 100;

export function buildGenerator(): tf.Sequential {
  const cnn = tf.sequential();

  // 3 · 3 · 384 units, so that the reshape below yields a 3×3 map with 384 channels.
  cnn.add(tf.layers.dense({ units: 3 * 3 * 384, inputShape: [LATENT_SIZE], activation: 'relu' }));
  cnn.add(tf.layers.reshape({ targetShape: [3, 3, 384] }));

  // 3×3 → 7×7
  cnn.add(
    tf.layers.conv2dTranspose({
      filters: 192,
      kernelSize: 5,
      strides: 1,
      padding: 'valid',
      activation: 'relu',
      kernelInitializer: 'glorotNormal',
    }),
  );
  cnn.add(tf.layers.batchNormalization());

  // 7×7 → 14×14
  cnn.add(
    tf.layers.conv2dTranspose({
      filters: 96,
      kernelSize: 5,
      strides: 2,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: 'glorotNormal',
    }),
  );
  cnn.add(tf.layers.batchNormalization());

  // 14×14 → 28×28, one channel in [-1, 1]
  cnn.add(
    tf.layers.conv2dTranspose({
      filters: 1,
      kernelSize: 5,
      strides: 2,
      padding: 'same',
      activation: 'tanh',
      kernelInitializer: 'glorotNormal',
    }),
  );
  return cnn;
}
