import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { messageCatalogues } from './client/i18n/catalogue-plugin';
import { defineConfig } from 'vitest/config';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: r('./client'),
  plugins: [vue(), messageCatalogues(r('./client'))],
  // vue-i18n's bundler build: the composition API only, no devtools hooks in production.
  define: { __VUE_I18N_FULL_INSTALL__: true, __VUE_I18N_LEGACY_API__: false, __INTLIFY_PROD_DEVTOOLS__: false },
  resolve: {
    alias: { '@shared': r('./shared'), '@': r('./client') },
  },
  build: {
    outDir: r('./dist/client'),
    emptyOutDir: true,
    // dist/client/.vite/manifest.json: which chunks each screen loads (a test checks the agent's).
    manifest: true,
    rolldownOptions: {
      output: {
        // Libraries every role needs (Vue, Pinia, the router, Socket.IO, zod) in a chunk of their own: it
        // changes only when they do, so a deploy of the console's code leaves it in browsers' caches.
        // chart.js stays with the floor, the only screen that draws charts.
        codeSplitting: { groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/](?!chart\.js|@kurkle)/ }] },
      },
    },
  },
  server: {
    // `npm run dev:client` talks to a console started with `npm start` on port 3000.
    proxy: { '/api': 'http://127.0.0.1:3000', '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true } },
  },
  test: {
    root: r('.'),
    globalSetup: ['test/support/global-setup.ts', 'test/support/client-build.ts'],
    setupFiles: ['test/support/i18n-setup.ts'],
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
