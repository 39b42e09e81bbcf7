import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, mockFetch, problem } from '@/testing/fetch-mock';
import { useSessionStore } from '@/stores/session-store';
import { userSchema } from '@/types/api';
import { api } from './api-client';
import { ApiError } from './problem-details';

const user = { id: 'u1', username: 'anna', email: 'a@x.io', displayName: null, bio: null, avatarUrl: null, createdAt: '2026-11-26T00:00:00Z' };
const freshTokens = { accessToken: 'access-2', refreshToken: 'refresh-2', expiresIn: 900, tokenType: 'Bearer' };

describe('api client', () => {
  beforeEach(() => {
    useSessionStore.getState().setTokens({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresIn: 900, tokenType: 'Bearer' });
  });
  afterEach(() => useSessionStore.getState().clear());

  it('sends the bearer token and parses the response', async () => {
    const calls = mockFetch({ 'GET /api/users/me': () => json(user) });
    await expect(api('/api/users/me', userSchema)).resolves.toMatchObject({ username: 'anna' });
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer access-1');
  });

  it('refreshes once on 401 and retries with the new token', async () => {
    const calls = mockFetch({
      'GET /api/users/me': (request) => (request.headers.get('Authorization') === 'Bearer access-2' ? json(user) : problem(401, 'Unauthorized')),
      'POST /api/auth/refresh': () => json(freshTokens),
    });

    await expect(api('/api/users/me', userSchema)).resolves.toMatchObject({ id: 'u1' });

    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/users/me', 'POST /api/auth/refresh', 'GET /api/users/me']);
    expect(calls[1]?.body).toEqual({ refreshToken: 'refresh-1' });
    expect(useSessionStore.getState()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('shares one refresh between concurrent 401s (the server rotates refresh tokens)', async () => {
    const calls = mockFetch({
      'GET /api/users/me': (request) => (request.headers.get('Authorization') === 'Bearer access-2' ? json(user) : problem(401, 'Unauthorized')),
      'POST /api/auth/refresh': async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        return json(freshTokens);
      },
    });

    await Promise.all([api('/api/users/me', userSchema), api('/api/users/me', userSchema), api('/api/users/me', userSchema)]);

    expect(calls.filter((c) => c.path === '/api/auth/refresh')).toHaveLength(1);
  });

  it('signs out when the refresh token is refused', async () => {
    mockFetch({
      'GET /api/users/me': () => problem(401, 'Unauthorized'),
      'POST /api/auth/refresh': () => problem(401, 'Unauthorized'),
    });

    await expect(api('/api/users/me', userSchema)).rejects.toMatchObject({ status: 401 });
    expect(useSessionStore.getState().refreshToken).toBeNull();
  });

  it('refreshes before sending when the access token has expired', async () => {
    useSessionStore.setState({ expiresAt: Date.now() - 1000 });
    const calls = mockFetch({
      'POST /api/auth/refresh': () => json(freshTokens),
      'GET /api/users/me': () => json(user),
    });

    await api('/api/users/me', userSchema);

    expect(calls[0]?.path).toBe('/api/auth/refresh');
    expect(calls[1]?.headers.get('Authorization')).toBe('Bearer access-2');
  });

  it('throws an ApiError with the problem details on failure', async () => {
    mockFetch({ 'GET /api/videos/x': () => problem(404, 'Not Found') });
    const error: unknown = await api('/api/videos/x', userSchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).problem.title).toBe('Not Found');
  });

  it('rejects a response that does not match the schema', async () => {
    mockFetch({ 'GET /api/users/me': () => json({ id: 1 }) });
    await expect(api('/api/users/me', userSchema)).rejects.toThrow();
  });
});
