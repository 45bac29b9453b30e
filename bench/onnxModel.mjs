// A minimal ONNX (protobuf) writer for the one-node models the kernel benchmark feeds to
// onnxruntime-web; no onnx package is available offline, and only a handful of fields is needed.

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;
const ONNX_FLOAT = 1;
const ATTRIBUTE_INTS = 7;
const ATTRIBUTE_INT = 2;

function varint(value) {
  const bytes = [];
  let v = BigInt(value);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0n);
  return bytes;
}

/** A protobuf message as an array of fields, each encoded as it is added. */
class Message {
  parts = [];
  int(field, value) {
    this.parts.push(Uint8Array.from([...varint((field << 3) | WIRE_VARINT), ...varint(value)]));
    return this;
  }
  bytes(field, payload) {
    this.parts.push(Uint8Array.from([...varint((field << 3) | WIRE_BYTES), ...varint(payload.length)]));
    this.parts.push(payload);
    return this;
  }
  string(field, text) {
    return this.bytes(field, new TextEncoder().encode(text));
  }
  message(field, inner) {
    return this.bytes(field, inner.encode());
  }
  encode() {
    const length = this.parts.reduce((sum, part) => sum + part.length, 0);
    const out = new Uint8Array(length);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}

function valueInfo(name, shape) {
  const shapeProto = new Message();
  for (const dim of shape) shapeProto.message(1, new Message().int(1, dim));
  const tensorType = new Message().int(1, ONNX_FLOAT).message(2, shapeProto);
  return new Message().string(1, name).message(2, new Message().message(1, tensorType));
}

function initializer(name, shape, data) {
  const tensor = new Message();
  for (const dim of shape) tensor.int(1, dim);
  tensor.int(2, ONNX_FLOAT).string(8, name);
  return tensor.bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

function intsAttribute(name, values) {
  const attribute = new Message().string(1, name).int(20, ATTRIBUTE_INTS);
  for (const v of values) attribute.int(8, v);
  return attribute;
}

/**
 * One ConvTranspose node (opset 17): input `x` of `inputShape`, the weight baked in as an
 * initializer, output `y` of `outputShape`. `pads` in ONNX order (all begins, then all ends).
 */
export function convTransposeModel({ inputShape, weightShape, weight, outputShape, strides, pads, outputPadding, group = 1 }) {
  const node = new Message().string(1, 'x').string(1, 'w').string(2, 'y').string(3, 'deconv').string(4, 'ConvTranspose');
  node.message(5, intsAttribute('kernel_shape', weightShape.slice(2)));
  node.message(5, intsAttribute('strides', strides));
  node.message(5, intsAttribute('pads', pads));
  node.message(5, intsAttribute('output_padding', outputPadding));
  node.message(5, new Message().string(1, 'group').int(20, ATTRIBUTE_INT).int(3, group));
  const graph = new Message()
    .message(1, node)
    .string(2, 'convlens-bench')
    .message(5, initializer('w', weightShape, weight))
    .message(11, valueInfo('x', inputShape))
    .message(12, valueInfo('y', outputShape));
  return new Message()
    .int(1, 8) // ir_version
    .message(8, new Message().string(1, '').int(2, 17))
    .message(7, graph)
    .encode();
}
