import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { useSessionStore } from '@/stores/session-store';
import { json, mockFetch } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';
import { AccountMenu } from './account-menu';

describe('account menu', () => {
  it('offers sign in and sign up to visitors, without calling the API', () => {
    const calls = mockFetch({});
    renderWithProviders(<AccountMenu />);
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/login');
    expect(screen.getByRole('link', { name: 'Sign up' })).toHaveAttribute('href', '/register');
    expect(calls).toHaveLength(0);
  });

  it('loads the profile menu on demand for a signed-in user', async () => {
    useSessionStore.getState().setTokens({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, tokenType: 'Bearer' });
    mockFetch({
      'GET /api/users/me': () =>
        json({ id: 'u1', username: 'anna', email: 'anna@example.com', displayName: 'Anna', bio: null, avatarUrl: null, createdAt: '2026-01-01T00:00:00Z' }),
    });
    renderWithProviders(<AccountMenu />);
    expect(screen.getByRole('link', { name: /upload a video/i })).toHaveAttribute('href', '/upload');

    await userEvent.click(await screen.findByRole('button', { name: 'Account: Anna' }));
    expect(screen.getByRole('menuitem', { name: 'Your profile' })).toBeInTheDocument();
    expect(screen.getByRole('menuitem', { name: 'Sign out' })).toBeInTheDocument();
  });
});
