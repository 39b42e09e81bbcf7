import type { Plugin } from 'vite';

const STYLESHEET = /[ \t]*<link rel="stylesheet"[^>]*>\n?/g;

/**
 * Moves the stylesheet links Vite puts in <head> to the end of <body>. A stylesheet there still holds back the
 * module scripts (so React never renders unstyled), but no longer the first paint of what comes before it: the
 * static header in #root, styled by index.html's inline CSS, shows while the stylesheet downloads.
 */
export function moveStylesheetsToBody(html: string): string {
  const head = html.slice(0, html.indexOf('</head>'));
  const links = head.match(STYLESHEET);
  if (!links) return html;
  const rest = html
    .slice(head.length)
    .replace(/([ \t]*)<\/body>/, (_end, indent: string) => `${links.map((link) => `${indent}  ${link.trim()}\n`).join('')}${indent}</body>`);
  return head.replace(STYLESHEET, '') + rest;
}

export function bodyStylesheet(): Plugin {
  return {
    name: 'venvid:body-stylesheet',
    apply: 'build',
    transformIndexHtml: { order: 'post', handler: moveStylesheetsToBody },
  };
}
