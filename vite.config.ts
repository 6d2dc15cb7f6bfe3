import react from '@vitejs/plugin-react';
import path from 'node:path';
import { defineConfig } from 'vite';

// The SPA. In `npm run dev` the BFF (port 8080 by default) serves /bff and /api; Vite proxies to it.
const bff = process.env.BFF_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname, 'src'),
      '@contract': path.resolve(import.meta.dirname, 'server/contract'),
    },
  },
  // The BFF checks Origin against its own host on mutations: present the proxied requests as same-origin.
  server: {
    port: 5173,
    proxy: Object.fromEntries(['/bff', '/api'].map((p) => [p, { target: bff, changeOrigin: true, headers: { origin: bff } }])),
  },
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 1500 },
});
