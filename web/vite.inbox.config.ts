import { defineConfig } from 'vite';

/**
 * The agent inbox app: dist/inbox/index.html and dist/inbox/assets/* (hashed, served immutable by
 * inbox.InboxAssets at /app and /app/assets/). The document is served at /app (no trailing slash),
 * so a relative base would resolve to /assets/: the base is absolute.
 */
export default defineConfig({
  root: 'inbox',
  base: '/app/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist/inbox',
    emptyOutDir: false,
    target: 'es2020',
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rolldownOptions: { input: 'inbox/index.html' },
  },
});
