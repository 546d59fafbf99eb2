// Text contrast in both themes: every colour token that text is set in must reach WCAG's AA
// ratio of 4.5:1 against every background that text sits on. The tokens are read from app.css
// itself, so changing a colour there is checked here.
import { describe, expect, it } from 'vitest';
import appCss from '../app.css?raw';

const AA = 4.5;

/** sRGB channels 0–255 of `#rgb` or `#rrggbb`. */
function parseHex(hex: string): [number, number, number] {
  const m = hex.trim().match(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i);
  if (!m) throw new Error(`not a hex colour: ${hex}`);
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2.x relative luminance. */
function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.x contrast ratio, 1 to 21. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The custom properties declared in a block body (comments removed). */
function declarations(body: string): Map<string, string> {
  const out = new Map<string, string>();
  const clean = body.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const m of clean.matchAll(/(--[a-z0-9-]+)\s*:\s*([^;]+);/gi)) out.set(m[1], m[2].trim());
  return out;
}

function block(re: RegExp, what: string): Map<string, string> {
  const m = appCss.match(re);
  if (!m) throw new Error(`app.css has no ${what} block`);
  return declarations(m[1]);
}

// The light theme is the first `:root` block; the dark theme is declared twice, once for a dark
// system (unless light was chosen) and once for an explicit choice of dark. Each dark block
// overrides the light tokens it names.
const light = block(/(?:^|\n):root\s*\{([^}]*)\}/, 'light :root');
const darkSystem = block(
  /@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root:not\(\[data-theme='light'\]\)\s*\{([^}]*)\}/,
  'prefers-color-scheme: dark',
);
const darkChosen = block(/:root\[data-theme='dark'\]\s*\{([^}]*)\}/, "[data-theme='dark']");

const themes: [string, Map<string, string>][] = [
  ['light', light],
  ['dark (system)', new Map([...light, ...darkSystem])],
  ["dark (data-theme='dark')", new Map([...light, ...darkChosen])],
];

/** A token's colour in a theme, following `var(--…)` and `inherit` (body text is `--text`). */
function resolve(tokens: Map<string, string>, value: string, depth = 0): string {
  if (depth > 8) throw new Error(`var() loop at ${value}`);
  const v = value.trim();
  if (v.startsWith('#')) return v;
  if (v === 'inherit') return resolve(tokens, 'var(--text)', depth + 1);
  const ref = v.match(/^var\((--[a-z0-9-]+)\)$/i);
  if (ref) {
    const next = tokens.get(ref[1]);
    if (next === undefined) throw new Error(`${ref[1]} is not declared`);
    return resolve(tokens, next, depth + 1);
  }
  throw new Error(`cannot resolve colour ${value}`);
}

// Where text sits. The plain page backgrounds carry every text colour; the tinted --surface-2
// (notices, genre chips, the satisfaction summary, the About box) carries body, soft and muted
// text. Accent and danger colour links, today's date, the active filter and error lines on the
// page backgrounds. Filled buttons, the toast and highlighted words pair a text token with
// their own fill.
const pageBackgrounds = ['--bg', '--bg-sidebar', '--surface'];
const pairs: [fg: string, bg: string][] = [
  ...['--text', '--text-soft', '--muted'].flatMap((fg) =>
    [...pageBackgrounds, '--surface-2'].map((bg): [string, string] => [fg, bg]),
  ),
  ...['--accent', '--accent-strong', '--danger'].flatMap((fg) =>
    pageBackgrounds.map((bg): [string, string] => [fg, bg]),
  ),
  ['--accent-contrast', '--accent'],
  ['--accent-contrast', '--accent-strong'],
  ['--danger-contrast', '--danger'],
  ['--danger-contrast', '--danger-strong'],
  ['--bg', '--text'],
  ['--accent-soft', '--text'],
  ['--mark-text', '--mark'],
  ['--text', '--accent-soft'],
];

describe('the contrast formula', () => {
  it('gives the known WCAG ratios', () => {
    expect(contrast('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrast('#fff', '#fff')).toBeCloseTo(1, 5);
    // #767676 is the lightest grey that passes AA on white; #777777 just fails.
    expect(contrast('#767676', '#ffffff')).toBeGreaterThanOrEqual(AA);
    expect(contrast('#777777', '#ffffff')).toBeLessThan(AA);
    expect(contrast('#777', '#fff')).toBeCloseTo(contrast('#ffffff', '#777777'), 10);
  });
});

describe('app.css themes', () => {
  it('declares the same colour tokens for a dark system and for dark chosen', () => {
    expect(Object.fromEntries(darkChosen)).toEqual(Object.fromEntries(darkSystem));
  });

  for (const [name, tokens] of themes) {
    it(`${name}: text reaches ${AA}:1 on every background it sits on`, () => {
      const failures = pairs
        .map(([fg, bg]) => {
          const ratio = contrast(resolve(tokens, `var(${fg})`), resolve(tokens, `var(${bg})`));
          return { pair: `${fg} on ${bg}`, ratio };
        })
        .filter((p) => p.ratio < AA)
        .map((p) => `${p.pair}: ${p.ratio.toFixed(2)}`);
      expect(failures).toEqual([]);
    });
  }
});
