import { mount } from 'svelte';
// Korean set in a serif that matches the writing font's Latin serif (OFL, bundled: served from
// the app itself, split by unicode-range so only the subsets a page uses are read).
import '@fontsource/noto-serif-kr/400.css';
import './app.css';
import App from './App.svelte';
import { resolveLang } from './lib/i18n';
import { locale } from './lib/locale.svelte';
import { api } from './lib/api';
import { applyTextSize, DEFAULT_TEXT_SIZE } from './lib/textSize';
import { applyLang, applyTheme, recallAppearance, recallTextSize } from './lib/theme';

// First paint in the last known theme and language; the stored settings follow moments later.
const remembered = recallAppearance();
applyTheme(remembered.theme);
locale.lang = resolveLang(remembered.language, navigator.language);
applyLang(locale.lang);
const rememberedSize = recallTextSize();
if (rememberedSize && rememberedSize !== DEFAULT_TEXT_SIZE) void applyTextSize(rememberedSize, api.zoomWebview);

function start(): void {
  mount(App, { target: document.getElementById('app')! });
}

// `npx vite` in a plain browser: an in-memory stand-in for the Rust side. `import.meta.env.DEV`
// is false in `vite build`, so this branch and the module it imports are not in dist/.
if (import.meta.env.DEV && !('__TAURI_INTERNALS__' in window)) {
  void import('./dev/fakeBackend').then((m) => {
    m.installFakeBackend();
    start();
  });
} else {
  start();
}
