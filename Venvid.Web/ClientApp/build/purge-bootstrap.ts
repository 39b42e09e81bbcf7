import purgeCss from '@fullhuman/postcss-purgecss';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin as PostcssPlugin } from 'postcss';

/**
 * Classes kept whatever the content scan finds. The app builds class names from whole literals (`' active'`,
 * `'btn-dark'`), which the scan sees; these are Bootstrap's state classes, kept so that a state toggled by new code
 * still has its rule in the build, plus the skip link's focus helper.
 */
export const safelist = ['active', 'show', 'fade', 'collapsing', 'disabled', 'is-invalid', 'visually-hidden', 'visually-hidden-focusable'];

const BOOTSTRAP_CSS = /[\\/]node_modules[\\/]bootstrap[\\/]/;
const SOURCE = /\.(?:css|tsx?)$/;
const TEST = /\.test\.tsx?$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return SOURCE.test(entry.name) && !TEST.test(entry.name) ? [full] : [];
  });
}

/** Custom properties the app reads itself (`var(--bs-…)` in styles.css or inline styles). */
export function cssVariablesUsedIn(sources: string[]): string[] {
  const names = new Set<string>();
  for (const source of sources) {
    for (const match of source.matchAll(/var\(\s*(--[\w-]+)/g)) names.add(match[1] ?? '');
  }
  names.delete('');
  return [...names].sort();
}

/**
 * PostCSS plugin for production builds: drops the rules, keyframes and custom properties of Bootstrap's stylesheet
 * that nothing in index.html or src/ uses. The app's own styles.css goes through untouched; the Bootstrap variables
 * it reads are kept.
 */
export function purgeBootstrap(root: string): PostcssPlugin {
  const src = path.join(root, 'src');
  const variables = cssVariablesUsedIn(sourceFiles(src).map((file) => readFileSync(file, 'utf8')));
  const inner = purgeCss({
    content: [path.join(root, 'index.html'), path.join(src, '**/*.{ts,tsx}')],
    skippedContentGlobs: ['**/*.test.ts', '**/*.test.tsx'],
    safelist: { standard: safelist, variables },
    keyframes: true,
    fontFace: true,
    variables: true,
  }) as PostcssPlugin;
  return {
    postcssPlugin: 'venvid-purge-bootstrap',
    OnceExit(css, helpers) {
      if (!BOOTSTRAP_CSS.test(css.source?.input.file ?? '')) return;
      return inner.OnceExit?.(css, helpers);
    },
  };
}
