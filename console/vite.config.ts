import { defineConfig } from 'vite';

// `vite dev` talks to a local server on the default port; `vite build` writes dist/,
// which the server serves at `/`.
const backend = 'http://127.0.0.1:8080';

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/ws': { target: backend, ws: true },
    },
  },
});
