import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The website chat widget (client/widget/): one script, dist/client/widget.js, that any website loads
 * with a script tag (server/widget/script.routes.ts serves it). An IIFE, so it runs as a classic script
 * and leaves no globals; no code splitting (a host page downloads one file); its styles are a string
 * inlined into its shadow root, so there is no CSS file. Built after the console (`npm run build`), into
 * the same directory without emptying it. test/widget-client/bundle-size.test.ts holds it to 40 kB gzipped.
 */
export default defineConfig({
  publicDir: false,
  resolve: {
    alias: { '@shared': r('./shared'), '@': r('./client') },
    // Always the packages' production builds, whatever NODE_ENV says (vitest sets it to `test`, which would
    // bundle socket.io-client's debug build): the tests measure and run the widget that ships.
    conditions: ['module', 'browser', 'production'],
  },
  // Library mode leaves process.env alone; socket.io-client's dependencies read NODE_ENV.
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: r('./dist/client'),
    emptyOutDir: false,
    copyPublicDir: false,
    target: 'es2020',
    minify: true,
    sourcemap: false,
    lib: { entry: r('./client/widget/main.ts'), formats: ['iife'], name: 'ccChatWidget', fileName: () => 'widget.js' },
  },
});
