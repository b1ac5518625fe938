import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The SPA builds into dist/web; the BFF serves it. In development Vite proxies /api to a running BFF.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    // Maps are written for whoever debugs a build from the files, but not referenced from the bundles, and the
    // BFF never serves them: they would hand anyone the full source without signing in.
    sourcemap: 'hidden',
  },
  server: {
    proxy: { '/api': process.env.WORKBENCH_BFF_URL ?? 'http://127.0.0.1:3000' },
  },
});
