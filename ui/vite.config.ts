import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Haru's front end. Tauri embeds `dist/` (relative asset URLs, hence `base: './'`).
export default defineConfig({
  base: './',
  plugins: [svelte()],
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
