// @vitest-environment node
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';
import { cssVariablesUsedIn, purgeBootstrap } from './purge-bootstrap';

const root = new URL('..', import.meta.url).pathname;
const css = `
:root { --bs-unused-color: red; --bs-border-color: #dee2e6; --bs-tertiary-bg: #f8f9fa; }
.btn { color: blue; border-color: var(--bs-border-color); }
.carousel-item { display: none; }
.modal-backdrop.show { opacity: .5; }
`;

describe('purging Bootstrap', () => {
  it('finds the custom properties the app reads', () => {
    expect(cssVariablesUsedIn(['.a { color: var(--bs-body-color); }', "style={{ color: 'var( --bs-link-color)' }}"])).toEqual([
      '--bs-body-color',
      '--bs-link-color',
    ]);
  });

  it('keeps the rules the app uses and the variables its own CSS reads', async () => {
    const result = await postcss([purgeBootstrap(root)]).process(css, { from: `${root}node_modules/bootstrap/dist/css/bootstrap.min.css` });
    expect(result.css).toContain('.btn');
    expect(result.css).toContain('.modal-backdrop.show');
    expect(result.css).not.toContain('.carousel-item');
    expect(result.css).toContain('--bs-border-color');
    // Read only by src/styles.css (var(--bs-tertiary-bg)), not by any kept Bootstrap rule.
    expect(result.css).toContain('--bs-tertiary-bg');
    expect(result.css).not.toContain('--bs-unused-color');
  });

  it('leaves every other stylesheet alone', async () => {
    const result = await postcss([purgeBootstrap(root)]).process(css, { from: `${root}src/styles.css` });
    expect(result.css).toBe(css);
  });
});
