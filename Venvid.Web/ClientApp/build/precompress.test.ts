// @vitest-environment node
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCompressible, MIN_BYTES, precompressDirectory } from './precompress';

const text = (bytes: number) => 'const answer = 42; // compressible text\n'.repeat(Math.ceil(bytes / 40)).slice(0, bytes);

describe('precompressing the build output', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'venvid-precompress-'));
    await mkdir(path.join(dir, 'assets'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('picks text assets of at least 1 KiB, never the HTML shell or source maps', () => {
    for (const name of ['a.js', 'a.mjs', 'a.css', 'a.svg', 'a.json', 'site.webmanifest', 'robots.txt', 'sitemap.xml']) {
      expect(isCompressible(name, MIN_BYTES)).toBe(true);
    }
    expect(isCompressible('a.js', MIN_BYTES - 1)).toBe(false);
    for (const name of ['index.html', 'a.js.map', 'a.woff2', 'a.png', 'a.js.br', 'a.css.gz']) {
      expect(isCompressible(name, 100_000)).toBe(false);
    }
  });

  it('writes .br and .gz beside each asset, and they decode to the original', async () => {
    const source = text(20_000);
    await writeFile(path.join(dir, 'assets', 'index-abc.js'), source);
    await writeFile(path.join(dir, 'index.html'), text(5_000));

    const results = await precompressDirectory(dir);

    const file = path.join(dir, 'assets', 'index-abc.js');
    expect(brotliDecompressSync(await readFile(`${file}.br`)).toString()).toBe(source);
    expect(gunzipSync(await readFile(`${file}.gz`)).toString()).toBe(source);
    expect(results).toEqual([expect.objectContaining({ file, bytes: 20_000 })]);
    expect(results[0]?.br).toBeLessThan(results[0]?.gz ?? 0);
    expect(existsSync(path.join(dir, 'index.html.br'))).toBe(false);
    expect(existsSync(path.join(dir, 'index.html.gz'))).toBe(false);
  });

  it('skips small files and keeps no copy that is not smaller', async () => {
    await writeFile(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(path.join(dir, 'assets', 'noise.js'), randomBytes(4_096));

    await precompressDirectory(dir);

    for (const name of ['favicon.svg.br', 'favicon.svg.gz', 'assets/noise.js.br', 'assets/noise.js.gz']) {
      expect(existsSync(path.join(dir, name))).toBe(false);
    }
  });
});
