// @vitest-environment node
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { inlineHtmlIcons, parseSvgIcon } from './svg-icons';

const require = createRequire(import.meta.url);
const readIcon = (name: string) => readFile(require.resolve(`bootstrap-icons/icons/${name}.svg`), 'utf8');

describe('SVG icons from bootstrap-icons', () => {
  it('keeps the viewBox and the markup inside the root element', () => {
    const icon = parseSvgIcon('<svg xmlns="http://www.w3.org/2000/svg" class="bi" viewBox="0 0 16 16">\n  <path d="M1 1h2"/>\n  <circle r="2"/>\n</svg>');
    expect(icon).toEqual({ viewBox: '0 0 16 16', body: '<path d="M1 1h2"/><circle r="2"/>' });
  });

  it('reads a real icon file of the installed package', async () => {
    const icon = parseSvgIcon(await readIcon('play-fill'));
    expect(icon.viewBox).toBe('0 0 16 16');
    expect(icon.body).toMatch(/^<path d="[^"]+"\/>$/);
    expect(icon.body).not.toContain('<svg');
  });

  it('rejects a file that is not SVG', () => {
    expect(() => parseSvgIcon('<html></html>')).toThrow('Not an SVG document.');
  });

  it('fills the icon placeholders of index.html, the static first-paint header', async () => {
    const html = await readFile(new URL('../index.html', import.meta.url), 'utf8');
    expect(html).toContain('<svg data-icon="play-btn-fill"></svg>');

    const filled = await inlineHtmlIcons(html, readIcon);

    expect(filled).not.toContain('data-icon=');
    expect(filled).toContain(`<svg viewBox="0 0 16 16" focusable="false">${parseSvgIcon(await readIcon('play-btn-fill')).body}</svg>`);
    expect(filled).toContain('__OG_TITLE__');
  });
});
