// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { moveStylesheetsToBody } from './body-stylesheet';

describe('moving the stylesheet to the end of <body>', () => {
  it('takes every stylesheet link out of <head> and puts it just before </body>', () => {
    const html = [
      '<html>',
      '  <head>',
      '    <script type="module" crossorigin src="/assets/index.js"></script>',
      '    <link rel="modulepreload" crossorigin href="/assets/a.js">',
      '    <link rel="stylesheet" crossorigin href="/assets/index.css">',
      '  </head>',
      '  <body>',
      '    <div id="root"></div>',
      '  </body>',
      '</html>',
    ].join('\n');
    expect(moveStylesheetsToBody(html)).toBe(
      [
        '<html>',
        '  <head>',
        '    <script type="module" crossorigin src="/assets/index.js"></script>',
        '    <link rel="modulepreload" crossorigin href="/assets/a.js">',
        '  </head>',
        '  <body>',
        '    <div id="root"></div>',
        '    <link rel="stylesheet" crossorigin href="/assets/index.css">',
        '  </body>',
        '</html>',
      ].join('\n'),
    );
  });

  it('leaves a page without stylesheets as it is', () => {
    const html = '<html><head></head><body></body></html>';
    expect(moveStylesheetsToBody(html)).toBe(html);
  });
});
