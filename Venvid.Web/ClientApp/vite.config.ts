/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { bodyStylesheet } from './build/body-stylesheet.ts';
import { precompress } from './build/precompress.ts';
import { preloadChunks } from './build/preload-chunks.ts';
import { purgeBootstrap } from './build/purge-bootstrap.ts';
import { svgIcons } from './build/svg-icons.ts';

// The dev server forwards the same-origin paths the Web host serves in production.
const apiTarget = process.env.VENVID_API_URL ?? 'http://localhost:5080';
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(({ command }) => ({
  plugins: [svgIcons(), react(), bodyStylesheet(), preloadChunks(['shared']), precompress()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  css: {
    // Production CSS keeps only the Bootstrap rules the app uses; dev serves all of it so new classes work at once.
    postcss: { plugins: command === 'build' ? [purgeBootstrap(root)] : [] },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/media': { target: apiTarget, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Everything the entry imports statically, in one file.
            { name: 'shell', tags: ['$initial'], priority: 2 },
            // Modules shared by several pages (API client, hooks, ui components) in one file, not a dozen tiny ones;
            // preloadChunks(['shared']) above hints it from index.html.
            { name: 'shared', minShareCount: 2, priority: 1 },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/testing/setup-tests.ts'],
    css: false,
    restoreMocks: true,
    // Above the 5 s the DOM queries may wait (setup-tests.ts).
    testTimeout: 15000,
  },
}));
