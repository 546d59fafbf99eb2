import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';

/**
 * The bundled Korean serif (@fontsource/noto-serif-kr) lists a WOFF file after each WOFF2 one
 * for browsers without WOFF2; every web view Haru runs in reads WOFF2, so the WOFF copies are
 * dropped from its CSS before Vite resolves the URLs, and never reach dist/ (~6.6 MB saved).
 * The font's licence (SIL OFL 1.1, which asks that it travel with the font) is the package's
 * LICENSE, copied to public/licenses/ and so to dist/licenses/.
 */
function bundledFont(): Plugin {
  return {
    name: 'haru-bundled-font',
    enforce: 'pre',
    transform(code, id) {
      if (!/@fontsource[\\/].*\.css$/.test(id)) return null;
      return { code: code.replace(/,\s*url\([^)]*\.woff\)\s*format\(['"]woff['"]\)/g, ''), map: null };
    },
  };
}

// Haru's front end. Tauri embeds `dist/` (relative asset URLs, hence `base: './'`).
export default defineConfig({
  base: './',
  plugins: [bundledFont(), svelte()],
  clearScreen: false,
  server: {
    host: '127.0.0.1',
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK / WKWebView (Safari 15+) and WebView2 (Chromium).
    target: ['es2022', 'safari15', 'chrome105'],
    sourcemap: false,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Vitest empties CSS imports unless told otherwise; the contrast test reads app.css as text.
    css: { include: [/app\.css/] },
  },
});
