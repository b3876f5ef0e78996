import { defineConfig } from 'vite';

/**
 * The customer inbox app (docs/customer.md): dist/me/index.html, dist/me/assets/* (hashed, served
 * immutable by customer.CustomerAssets at /me and /me/assets/) and the files of me/public (manifest,
 * icon, and the push feature's sw.js, push.html, push.js) copied as they are. Absolute base: the
 * document is served at /me.
 */
export default defineConfig({
  root: 'me',
  base: '/me/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist/me',
    emptyOutDir: false,
    target: 'es2020',
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rolldownOptions: { input: 'me/index.html' },
  },
});
