// Size budgets of the widget (docs/widget.md): prints gzipped sizes, exits 1 when over budget.
//   loader  dist/widget.js                                  <= 3072 bytes gzipped
//   frame   dist/widget/frame.html + every asset it loads   <= 25600 bytes gzipped
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const LOADER_BUDGET = 3072;
const FRAME_BUDGET = 25600;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
let failed = false;

function report(label, files, budget) {
  let total = 0;
  for (const file of files) {
    const size = gz(file);
    total += size;
    console.log(`  ${file.slice(dist.length + 1).padEnd(40)} ${String(size).padStart(6)} B gz`);
  }
  const ok = total <= budget;
  failed ||= !ok;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${label}: ${total} of ${budget} bytes gzipped${ok ? '' : ` (${total - budget} over)`}\n`);
}

const loader = join(dist, 'widget.js');
const frame = join(dist, 'widget', 'frame.html');
for (const file of [loader, frame]) {
  if (!existsSync(file)) {
    console.error(`check-size: ${file} is missing; run npm run build first`);
    process.exit(1);
  }
}

// Everything the frame document references (scripts, styles, preloads), plus every emitted asset
// to be safe: the frame loads all of them on first open.
const html = readFileSync(frame, 'utf8');
const referenced = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => resolve(dirname(frame), m[1].replace(/^\.\//, '')));
const assetsDir = join(dist, 'widget', 'assets');
const assets = existsSync(assetsDir) ? readdirSync(assetsDir).map((f) => join(assetsDir, f)) : [];
for (const file of referenced) {
  if (!existsSync(file)) {
    console.error(`check-size: frame.html references ${file}, which is missing`);
    failed = true;
  }
}
const frameFiles = [frame, ...new Set([...referenced.filter(existsSync), ...assets])];

console.log('Widget size budgets');
report('loader (widget.js)', [loader], LOADER_BUDGET);
report('first open (frame.html + assets)', frameFiles, FRAME_BUDGET);
process.exit(failed ? 1 : 0);
