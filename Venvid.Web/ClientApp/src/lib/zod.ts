import * as z from 'zod/mini';

// Every schema is built with this `z` (import it from '@/lib/zod', never from 'zod'), so the setting below is
// applied before the first schema exists, whatever order the bundler evaluates chunks in.
// Zod Mini, not classic Zod: the same parser with functional checks (`z.nullish(z.string())`, `.check(z.maxLength(5))`)
// instead of methods, so only what the schemas use is bundled (about a third of classic Zod on the first page load).
// Zod 4 probes `new Function("")` when the first object schema is built, to decide whether to JIT-compile parsers.
// The app's Content-Security-Policy has no 'unsafe-eval', so the probe is refused and reported as a CSP violation on
// every page load, even though Zod recovers. Parse without the JIT.
z.config({ jitless: true });

export { z };
