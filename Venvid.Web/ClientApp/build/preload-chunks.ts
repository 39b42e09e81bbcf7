import type { HtmlTagDescriptor, Plugin } from 'vite';

type Chunk = { type: 'chunk' | 'asset'; name?: string; fileName: string };

/** `<link rel="modulepreload">` tags for the bundle's chunks called one of `names`. */
export function preloadTags(bundle: Record<string, Chunk>, names: readonly string[], base = '/'): HtmlTagDescriptor[] {
  return Object.values(bundle)
    .filter((chunk) => chunk.type === 'chunk' && chunk.name !== undefined && names.includes(chunk.name))
    .map((chunk) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${chunk.fileName}` }, injectTo: 'head' }));
}

/**
 * Vite preloads only what the entry imports statically. Every page imports the `shared` chunk (API client, query
 * hooks, cards) lazily, so without a hint it is requested only once the entry has run; preloaded, it downloads
 * alongside the entry and the first API call starts a round trip sooner.
 */
export function preloadChunks(names: readonly string[]): Plugin {
  let base = '/';
  return {
    name: 'venvid:preload-chunks',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler: (_html, context) => (context.bundle ? preloadTags(context.bundle, names, base) : []),
    },
  };
}
