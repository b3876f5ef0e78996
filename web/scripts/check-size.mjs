// Size budgets of the front ends (docs/widget.md, docs/inbox.md): prints gzipped sizes, exits 1
// when over budget.
//   loader  dist/widget.js                                  <= 3072 bytes gzipped
//   frame   dist/widget/frame.html + every asset it loads   <= 25600 bytes gzipped (first open)
//           + the frame's lazy chunks (files, issue 16)       <= 5120 bytes gzipped (loaded on first use)
//   inbox   dist/inbox/index.html + every asset it loads    <= 61440 bytes gzipped (first load)
//   me      dist/me/index.html + every asset it loads       <= 30720 bytes gzipped (first load)
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const LOADER_BUDGET = 3072;
const FRAME_BUDGET = 25600;
const INBOX_BUDGET = 61440;
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

// First open: everything the frame document references (scripts, styles, preloads) and, to be safe,
// every chunk those scripts import statically. Every other emitted asset is a lazy chunk, loaded with
// a dynamic import() on first use (the code for files, widget/src/lazy.ts): counted apart, against its
// own budget, so that first open stays what a visitor's phone loads when the chat opens.
const FRAME_LAZY_BUDGET = 5120;
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
const firstOpen = new Set(referenced.filter(existsSync));
for (const file of firstOpen) {
  if (!file.endsWith('.js')) continue;
  // Static imports only (`from"./x.js"`, `import"./x.js"`); `import(` is the dynamic kind.
  for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:from|import)\s*["'`](\.\/[^"'`]+)["'`]/g)) {
    const imported = resolve(dirname(file), m[1]);
    if (existsSync(imported)) firstOpen.add(imported);
  }
}
const frameLazy = assets.filter((f) => !firstOpen.has(f));

console.log('Widget size budgets');
report('loader (widget.js)', [loader], LOADER_BUDGET);
report('first open (frame.html + assets)', [frame, ...firstOpen], FRAME_BUDGET);
if (frameLazy.length) report('lazy chunks (files, on first use)', frameLazy, FRAME_LAZY_BUDGET);

// The inbox's first load: the document and what it references (scripts, styles, preloads). Lazy
// chunks, if any, are listed apart and not counted.
const inbox = join(dist, 'inbox', 'index.html');
if (!existsSync(inbox)) {
  console.error(`check-size: ${inbox} is missing; run npm run build first`);
  process.exit(1);
}
const inboxHtml = readFileSync(inbox, 'utf8');
const inboxRefs = [...inboxHtml.matchAll(/(?:src|href)="([^"]+)"/g)]
  .map((m) => m[1])
  .filter((u) => u.startsWith('/app/'))
  .map((u) => join(dist, 'inbox', u.slice('/app/'.length)));
for (const file of inboxRefs) {
  if (!existsSync(file)) {
    console.error(`check-size: inbox/index.html references ${file}, which is missing`);
    failed = true;
  }
}
const inboxAssetsDir = join(dist, 'inbox', 'assets');
const inboxLazy = (existsSync(inboxAssetsDir) ? readdirSync(inboxAssetsDir).map((f) => join(inboxAssetsDir, f)) : []).filter((f) => !inboxRefs.includes(f));
console.log('Inbox size budget');
report('first load (index.html + referenced assets)', [inbox, ...new Set(inboxRefs.filter(existsSync))], INBOX_BUDGET);
for (const file of inboxLazy) console.log(`  lazy ${file.slice(dist.length + 1).padEnd(35)} ${String(gz(file)).padStart(6)} B gz (not in the first load)`);

// The customer inbox (/me, docs/customer.md): its document and what it references.
const ME_BUDGET = 30720;
const me = join(dist, 'me', 'index.html');
if (!existsSync(me)) {
  console.error(`check-size: ${me} is missing; run npm run build first`);
  process.exit(1);
}
const meRefs = [...readFileSync(me, 'utf8').matchAll(/(?:src|href)="([^"]+)"/g)]
  .map((m) => m[1])
  .filter((u) => u.startsWith('/me/assets/'))
  .map((u) => join(dist, 'me', u.slice('/me/'.length)));
for (const file of meRefs) {
  if (!existsSync(file)) {
    console.error(`check-size: me/index.html references ${file}, which is missing`);
    failed = true;
  }
}
console.log('Customer inbox size budget');
report('first load (me/index.html + referenced assets)', [me, ...new Set(meRefs.filter(existsSync))], ME_BUDGET);
process.exit(failed ? 1 : 0);
