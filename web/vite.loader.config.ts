import { defineConfig } from 'vite';

/** The loader: one classic script, dist/widget.js, no hash (served with a short cache). */
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    minify: 'terser',
    terserOptions: { toplevel: true, compress: { passes: 3, unsafe_arrows: true, ecma: 2020 }, format: { ecma: 2020 } },
    reportCompressedSize: false,
    lib: {
      entry: 'widget-loader/src/main.ts',
      formats: ['iife'],
      name: 'ParleyLoader',
      fileName: () => 'widget.js',
    },
  },
});
