import type { z } from '@/lib/zod';
import { useSessionStore } from '@/stores/session-store';
import { tokensSchema, type Tokens } from '@/types/api';
import { ApiError, toApiError } from './problem-details';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type RequestOptions = {
  method?: Method;
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  /** Send the bearer token when there is one (default). Auth endpoints turn this off. */
  auth?: boolean;
  /** A body sent as is with its own media type (a caption file), instead of `body` as JSON. */
  raw?: { content: Blob | string; type: string };
};

/** Refresh a little before the token's stated expiry so a request is not sent with a token about to lapse. */
const EXPIRY_SKEW_MS = 15_000;

let refreshInFlight: Promise<string | null> | null = null;

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function postRefresh(refreshToken: string): Promise<Tokens> {
  const response = await fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
  if (!response.ok) throw await toApiError(response);
  return tokensSchema.parse(await response.json());
}

/**
 * Exchanges the refresh token for new tokens. Concurrent callers share one request, because the server
 * rotates refresh tokens (a second call with the old one would fail and sign the user out).
 * Returns the new access token, or null when the session is over.
 */
export function refreshSession(): Promise<string | null> {
  if (refreshInFlight) return refreshInFlight;
  const { refreshToken } = useSessionStore.getState();
  if (!refreshToken) return Promise.resolve(null);

  refreshInFlight = postRefresh(refreshToken)
    .then((tokens) => {
      useSessionStore.getState().setTokens(tokens);
      return tokens.accessToken;
    })
    .catch((error: unknown) => {
      // Only a definite "no" ends the session; a network blip or 5xx keeps it for the next try.
      if (error instanceof ApiError && (error.status === 400 || error.status === 401 || error.status === 403)) {
        useSessionStore.getState().clear();
      }
      return null;
    })
    .finally(() => {
      refreshInFlight = null;
    });
  return refreshInFlight;
}

/** A usable access token, refreshed first when it has expired; null when signed out. */
export async function getAccessToken(): Promise<string | null> {
  const { accessToken, expiresAt, refreshToken } = useSessionStore.getState();
  if (!refreshToken) return accessToken;
  if (!accessToken || (expiresAt !== null && Date.now() > expiresAt - EXPIRY_SKEW_MS)) {
    return refreshSession();
  }
  return accessToken;
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (options.raw) headers['Content-Type'] = options.raw.type;
  else if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch(buildUrl(path, options.query), {
    method: options.method ?? 'GET',
    headers,
    body: options.raw ? options.raw.content : options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
}

async function request(path: string, options: RequestOptions): Promise<Response> {
  const useAuth = options.auth ?? true;
  const token = useAuth ? await getAccessToken() : null;
  let response = await send(path, options, token);

  if (response.status === 401 && useAuth && token) {
    const fresh = await refreshSession();
    if (fresh) response = await send(path, options, fresh);
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

/** Calls the API and parses the JSON body with `schema`; a body that does not match is an error, not data. */
export async function api<S extends z.ZodMiniType>(path: string, schema: S, options: RequestOptions = {}): Promise<z.infer<S>> {
  const response = await request(path, options);
  const json: unknown = await response.json();
  return schema.parse(json);
}

/** Calls the API for its status only (204 / 202 answers). */
export async function apiVoid(path: string, options: RequestOptions = {}): Promise<void> {
  await request(path, options);
}
