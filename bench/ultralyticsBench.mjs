// Analysis cost of Ultralytics YOLO model YAML against the bare `yaml.parseDocument` of the same
// text (SPEC.md §6: at most 2×): Ultralytics' own yolov8.yaml (its rows as the fixture generator
// recorded them) and a generated 300-row config, both with symbolic sizes (no image size) and with
// `--define H=640 W=640`. Both sides run interleaved in this one process, so noise cancels in the ratio.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { importBundle, interleaved } from './benchSupport.mjs';

const ROWS = Number(process.env.ROWS ?? 300);

/** A config as the unit tests write it back: top-level keys in block style, rows as flow lists. */
function configText(config) {
  const lines = [];
  for (const [key, value] of Object.entries(config)) {
    if (key === 'backbone' || key === 'head') lines.push(`${key}:`, ...value.map((row) => `  - ${JSON.stringify(row)}`));
    else lines.push(`${key}: ${JSON.stringify(value)}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * A yolov8-style config grown to `rows` rows: the stock backbone, then neck blocks at stride 32
 * (conv, C2f, upsample, Concat with the stride-16 row, C2f, stride-2 conv), then a Detect head.
 */
function generateConfig(rows) {
  const backbone = [
    [-1, 1, 'Conv', [64, 3, 2]], [-1, 1, 'Conv', [128, 3, 2]], [-1, 3, 'C2f', [128, true]],
    [-1, 1, 'Conv', [256, 3, 2]], [-1, 6, 'C2f', [256, true]], [-1, 1, 'Conv', [512, 3, 2]],
    [-1, 6, 'C2f', [512, true]], [-1, 1, 'Conv', [1024, 3, 2]], [-1, 3, 'C2f', [1024, true]], [-1, 1, 'SPPF', [1024, 5]],
  ];
  const head = [];
  const block = () => [
    [-1, 1, 'Conv', [256, 3, 1]], [-1, 3, 'C2f', [256, true]], [-1, 1, 'nn.Upsample', ['None', 2, 'nearest']],
    [[-1, 6], 1, 'Concat', [1]], [-1, 1, 'C2f', [256]], [-1, 1, 'Conv', [256, 3, 2]],
  ];
  while (backbone.length + head.length + 6 < rows) head.push(...block());
  while (backbone.length + head.length < rows - 1) head.push([-1, 1, 'Conv', [256, 1, 1]]);
  head.push([[4, 6, rows - 2], 1, 'Detect', ['nc']]);
  return configText({ nc: 80, scales: { n: [0.33, 0.25, 1024], s: [0.33, 0.5, 1024] }, backbone, head });
}

const core = await importBundle('ultralyticsBench', `export { analyzeDocument } from './src/core/analyzeDocument';`);
const fixtures = JSON.parse(readFileSync('test/fixtures/ultralytics/ultralytics-8.3.166.json', 'utf8'));
const cases = [
  { title: "Ultralytics' yolov8.yaml (23 rows)", text: configText(fixtures.configs['v8/yolov8.yaml'].config), fileName: 'yolov8n.yaml', rows: 23, repeats: 100 },
  { title: `a generated config of ${ROWS} rows`, text: generateConfig(ROWS), fileName: 'yolov8n-bench.yaml', rows: ROWS, repeats: 10 },
];
console.log('Ultralytics YOLO YAML analysis against yaml.parseDocument (target ≤ 2×), per call: median over 7 rounds');
for (const { title, text, fileName, rows, repeats } of cases) {
  for (const options of [{}, { defines: { H: 640, W: 640 } }]) {
    const check = await core.analyzeDocument(text, fileName, options);
    const layers = check.models[0]?.layers ?? [];
    if (layers.length !== rows || layers.some((layer) => layer.output === null)) throw new Error(`${title}: did not analyse fully`);
    if (check.diagnostics.length > 0) throw new Error(`${title}: unexpected ${check.diagnostics[0].code}: ${check.diagnostics[0].message}`);
    // Warm up as long as the measured rounds last: a 23-row file needs hundreds of calls before
    // V8 has optimised the reader (5 warm-up calls measured it at 3–4× its steady-state cost).
    const timed = await interleaved(() => parseDocument(text), () => core.analyzeDocument(text, fileName, options), { rounds: 7, repeats, warmup: repeats * 7 });
    const [parseMs, analysisMs] = [timed.baseline.wall, timed.subject.wall];
    const [parseCpu, analysisCpu] = [timed.baseline.cpu, timed.subject.cpu];
    const sizes = options.defines ? 'H = W = 640' : 'symbolic H, W';
    console.log(`  ${title}, ${sizes}: parse ${parseMs.toFixed(2)} ms, analysis ${analysisMs.toFixed(2)} ms, ratio ${(analysisMs / parseMs).toFixed(2)}× (CPU ${(analysisCpu / parseCpu).toFixed(2)}×)`);
  }
}
