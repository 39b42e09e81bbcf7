import { vi } from 'vitest';

export type MockRequest = { method: string; path: string; url: URL; headers: Headers; body: unknown };
type Handler = (request: MockRequest) => Response | Promise<Response>;

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

export const problem = (status: number, title: string, errors?: Record<string, string[]>) =>
  new Response(JSON.stringify({ type: 'about:blank', title, status, errors }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });

/**
 * Replaces global fetch with a router of `"METHOD /path"` → handler. Unmatched requests fail the test loudly.
 * Returns the log of requests so tests can assert on what was sent.
 */
export function mockFetch(routes: Record<string, Handler>) {
  const calls: MockRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const request: MockRequest = { method, path: url.pathname, url, headers: new Headers(init?.headers), body };
    calls.push(request);
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) throw new Error(`Unexpected request ${method} ${url.pathname}`);
    return handler(request);
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}
