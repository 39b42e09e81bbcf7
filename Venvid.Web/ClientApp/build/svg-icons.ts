import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

export type SvgIcon = { viewBox: string; body: string };

const SUFFIX = '?icon';

/** Keeps what an inline <svg> needs from an icon file: its viewBox and the markup inside the root element. */
export function parseSvgIcon(svg: string): SvgIcon {
  const open = /<svg\b([^>]*)>/i.exec(svg);
  const close = svg.lastIndexOf('</svg>');
  if (!open || close < open.index) throw new Error('Not an SVG document.');
  const viewBox = /\bviewBox="([^"]+)"/i.exec(open[1] ?? '')?.[1] ?? '0 0 16 16';
  const body = svg
    .slice(open.index + open[0].length, close)
    .replace(/>\s+</g, '><')
    .trim();
  return { viewBox, body };
}

const ICON_PLACEHOLDER = /<svg data-icon="([a-z0-9-]+)"><\/svg>/g;

/** Fills each `<svg data-icon="name"></svg>` in index.html with that Bootstrap icon (the static first-paint header). */
export async function inlineHtmlIcons(html: string, readIcon: (name: string) => Promise<string>): Promise<string> {
  const names = new Set(Array.from(html.matchAll(ICON_PLACEHOLDER), (match) => match[1] ?? ''));
  const icons = new Map<string, SvgIcon>();
  for (const name of names) icons.set(name, parseSvgIcon(await readIcon(name)));
  return html.replace(ICON_PLACEHOLDER, (_placeholder, name: string) => {
    const icon = icons.get(name);
    return icon ? `<svg viewBox="${icon.viewBox}" focusable="false">${icon.body}</svg>` : '';
  });
}

/**
 * `import x from 'bootstrap-icons/icons/name.svg?icon'` gives `{ viewBox, body }` read at build time, so only the icons
 * the app imports are bundled, as data rather than a font. Runs before Vite's asset handling, which would turn the
 * SVG into a URL.
 */
export function svgIcons(): Plugin {
  const require = createRequire(import.meta.url);
  const readIcon = (name: string) => readFile(require.resolve(`bootstrap-icons/icons/${name}.svg`), 'utf8');
  return {
    name: 'venvid:svg-icons',
    enforce: 'pre',
    transformIndexHtml: {
      order: 'pre',
      handler: (html) => inlineHtmlIcons(html, readIcon),
    },
    async load(id) {
      if (!id.endsWith(`.svg${SUFFIX}`)) return null;
      const file = id.slice(0, -SUFFIX.length);
      this.addWatchFile(file);
      const icon = parseSvgIcon(await readFile(file, 'utf8'));
      return { code: `export default ${JSON.stringify(icon)};`, map: null };
    },
  };
}
