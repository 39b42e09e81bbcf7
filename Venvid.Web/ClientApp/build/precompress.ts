import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text formats worth compressing. index.html is left out on purpose: the host rewrites it on every request. */
const COMPRESSIBLE = /\.(?:js|mjs|css|svg|json|webmanifest|txt|xml)$/i;
/** Below this a response fits in one packet anyway, and the encoded copy is barely smaller. */
export const MIN_BYTES = 1024;

export function isCompressible(fileName: string, size: number): boolean {
  return size >= MIN_BYTES && COMPRESSIBLE.test(fileName);
}

export type CompressedFile = { file: string; bytes: number; br: number | null; gz: number | null };

/** Writes `<file>.br` and `<file>.gz` beside `file`, each only when it comes out smaller than the original. */
export async function precompressFile(file: string): Promise<CompressedFile> {
  const source = await readFile(file);
  const [br, gz] = await Promise.all([
    brotli(source, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
      },
    }),
    gzipAsync(source, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  const result: CompressedFile = { file, bytes: source.length, br: null, gz: null };
  if (br.length < source.length) {
    await writeFile(`${file}.br`, br);
    result.br = br.length;
  }
  if (gz.length < source.length) {
    await writeFile(`${file}.gz`, gz);
    result.gz = gz.length;
  }
  return result;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? listFiles(full) : Promise.resolve(entry.isFile() ? [full] : []);
    }),
  );
  return nested.flat();
}

/** Precompresses every compressible file under `dir` (the build output, public/ files included). */
export async function precompressDirectory(dir: string): Promise<CompressedFile[]> {
  const files = await listFiles(dir);
  const candidates: string[] = [];
  for (const file of files) {
    if (isCompressible(file, (await stat(file)).size)) candidates.push(file);
  }
  return Promise.all(candidates.map((file) => precompressFile(file)));
}

/** Vite plugin: after the bundle is written, puts brotli (quality 11) and gzip (level 9) copies next to each asset. */
export function precompress(): Plugin {
  let outDir = '';
  let log: (message: string) => void = () => undefined;
  return {
    name: 'venvid:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      log = (message) => config.logger.info(message);
    },
    writeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        const results = await precompressDirectory(outDir);
        const written = results.filter((result) => result.br !== null || result.gz !== null);
        const raw = written.reduce((sum, result) => sum + result.bytes, 0);
        const br = written.reduce((sum, result) => sum + (result.br ?? result.bytes), 0);
        log(`precompressed ${written.length} files: ${(raw / 1024).toFixed(1)} kB → ${(br / 1024).toFixed(1)} kB brotli`);
      },
    },
  };
}
