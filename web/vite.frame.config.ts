import { defineConfig } from 'vite';

/**
 * The frame app: dist/widget/frame.html and dist/widget/assets/*.{js,css} (hashed, served
 * immutable). Relative base so Parley also works under a sub-path.
 */
export default defineConfig({
  root: 'widget',
  base: './',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist/widget',
    emptyOutDir: false,
    target: 'es2020',
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rolldownOptions: { input: 'widget/frame.html' },
  },
});
