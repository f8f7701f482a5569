import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The console is built into the server's static resources (see pom.xml, exec-maven-plugin):
// `npm run build -- --outDir ../target/classes/static`. No inline scripts (the server's CSP has
// script-src 'self'), so the module preload polyfill (an inline-free import) is fine and assets stay files.
// Vite's chunk-size warning is left at its default (500 kB): the editor, terminal and diff are split
// into their own chunks, loaded when first shown (src/components/lazy.tsx).
export default defineConfig({
  plugins: [preact()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': { target: 'http://localhost:8080', ws: true } },
  },
});
