import { describe, expect, it } from 'vitest';
import { ApiError, errorMessage, fieldErrorsFrom, normaliseFieldName, toApiError } from './problem-details';

describe('problem details', () => {
  it.each([
    ['Email', 'email'],
    ['email', 'email'],
    ['$.displayName', 'displayName'],
    ['Request.Password', 'password'],
    ['DisplayName', 'displayName'],
    ['Parts[0].ETag', 'parts'],
  ])('normalises %s to %s', (key, expected) => {
    expect(normaliseFieldName(key)).toBe(expected);
  });

  it('maps validation errors onto form fields, first message wins', () => {
    const error = new ApiError(400, {
      title: 'One or more validation errors occurred.',
      errors: { Email: ['Email is invalid.', 'Second'], Password: ['Too short.'] },
    });
    expect(fieldErrorsFrom(error)).toEqual({ email: 'Email is invalid.', password: 'Too short.' });
  });

  it('applies aliases so several server fields can land on one input', () => {
    const error = new ApiError(400, { errors: { Username: ['Required.'] } });
    expect(fieldErrorsFrom(error, { username: 'login' })).toEqual({ login: 'Required.' });
  });

  it('returns no field errors for other errors', () => {
    expect(fieldErrorsFrom(new Error('boom'))).toEqual({});
  });

  it('reads problem+json and Retry-After from a response', async () => {
    const response = new Response(JSON.stringify({ title: 'Too many requests', status: 429 }), {
      status: 429,
      headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '7' },
    });
    const error = await toApiError(response);
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(7);
    expect(errorMessage(error)).toBe('Too many requests Try again in 7 s.');
  });

  it('survives a body that is not JSON', async () => {
    const error = await toApiError(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect(error.status).toBe(502);
    expect(error.problem.title).toBe('Bad Gateway');
  });
});
