// A convolutional autoencoder for 28×28 grey images in plain JavaScript (TF.js): the encoder and
// the decoder are arrays of layers, and a helper adds both to one sequential model.
//
// Expected shapes (NHWC; TF.js conv 'same': o = ceil(i / s), conv2dTranspose 'same': o = i·s):
//   encoder  conv2d s2 → [N, 14, 14, 32]   conv2d s2 → [N, 7, 7, 16]
//            flatten → [N, 784]            dense → [N, 32]
//   decoder  dense → [N, 784]              reshape → [N, 7, 7, 16]
//            conv2dTranspose k4 s2 → [N, 14, 14, 32]   conv2dTranspose k4 s2 → [N, 28, 28, 1]
// (kernel 4 with stride 2 keeps the transposed convolutions free of uneven overlap.)
const tf = require('@tensorflow/tfjs');

const IMAGE_SIZE = 28;
const CODE_SIZE = 32;
const BOTTLENECK = [IMAGE_SIZE / 4, IMAGE_SIZE / 4, 16];

const encoderLayers = [
  tf.layers.conv2d({ inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1], filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
  tf.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
  tf.layers.flatten(),
  tf.layers.dense({ units: CODE_SIZE, activation: 'relu' }),
];

const decoderLayers = [
  tf.layers.dense({ units: BOTTLENECK[0] * BOTTLENECK[1] * BOTTLENECK[2], activation: 'relu' }),
  tf.layers.reshape({ targetShape: BOTTLENECK }),
  tf.layers.conv2dTranspose({ filters: 32, kernelSize: 4, strides: 2, padding: 'same', activation: 'relu' }),
  tf.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same', activation: 'sigmoid' }),
];

function buildAutoencoder() {
  const autoencoder = tf.sequential({ name: 'autoencoder' });
  [...encoderLayers, ...decoderLayers].forEach((layer) => autoencoder.add(layer));
  autoencoder.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
  return autoencoder;
}

module.exports = { buildAutoencoder };
