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

/** What the API refuses in any text it takes: control characters other than tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** The API's text rule as a check, so a pasted invisible character is named before anything is sent. */
export const plainText = () =>
  z.refine<string>((value) => !value.match(CONTROL_CHARACTERS), 'Remove the invisible control characters (they often come with pasted text).');
