// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { preloadTags } from './preload-chunks';

describe('preloading lazily imported chunks', () => {
  it('links the named chunks only', () => {
    const bundle = {
      'assets/index-a.js': { type: 'chunk' as const, name: 'index', fileName: 'assets/index-a.js' },
      'assets/shared-b.js': { type: 'chunk' as const, name: 'shared', fileName: 'assets/shared-b.js' },
      'assets/index-c.css': { type: 'asset' as const, name: 'shared', fileName: 'assets/index-c.css' },
    };
    expect(preloadTags(bundle, ['shared'])).toEqual([
      { tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: '/assets/shared-b.js' }, injectTo: 'head' },
    ]);
    expect(preloadTags(bundle, ['missing'])).toEqual([]);
  });
});
