import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { json, mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';
import { useSessionStore } from '@/stores/session-store';
import { LoginForm } from './login-form';
import { RegisterForm } from './register-form';

describe('sign in form', () => {
  it('validates before sending', async () => {
    const calls = mockFetch({});
    renderWithProviders(<LoginForm onSuccess={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your email or username.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email or username')).toHaveAttribute('aria-invalid', 'true');
    expect(calls).toHaveLength(0);
  });

  it('stores the tokens and reports success', async () => {
    mockFetch({ 'POST /api/auth/login': () => json({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, tokenType: 'Bearer' }) });
    const onSuccess = vi.fn();
    renderWithProviders(<LoginForm onSuccess={onSuccess} />);
    await userEvent.type(screen.getByLabelText('Email or username'), 'anna');
    await userEvent.type(screen.getByLabelText('Password'), 'secret-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(onSuccess).toHaveBeenCalled());
    expect(useSessionStore.getState().refreshToken).toBe('r');
    useSessionStore.getState().clear();
  });

  it('says so when the credentials are wrong', async () => {
    mockFetch({ 'POST /api/auth/login': () => problem(401, 'Unauthorized') });
    renderWithProviders(<LoginForm onSuccess={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Email or username'), 'anna');
    await userEvent.type(screen.getByLabelText('Password'), 'nope-nope');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email, username or password.');
  });
});

describe('sign up form', () => {
  it('shows server validation errors next to their fields', async () => {
    mockFetch({
      'POST /api/auth/register': () => problem(400, 'One or more validation errors occurred.', { Username: ['Username is reserved.'] }),
    });
    renderWithProviders(<RegisterForm onSuccess={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Email'), 'anna@example.com');
    await userEvent.type(screen.getByLabelText('Username'), 'admin');
    await userEvent.type(screen.getByLabelText('Password'), 'long-enough-password');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('Username is reserved.')).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toHaveAttribute('aria-invalid', 'true');
  });

  it('points a 409 at the field that clashed', async () => {
    mockFetch({ 'POST /api/auth/register': () => problem(409, 'Email already registered') });
    renderWithProviders(<RegisterForm onSuccess={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Email'), 'anna@example.com');
    await userEvent.type(screen.getByLabelText('Username'), 'anna');
    await userEvent.type(screen.getByLabelText('Password'), 'long-enough-password');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('An account with this email already exists.')).toBeInTheDocument();
  });

  it('rejects a malformed username before sending', async () => {
    const calls = mockFetch({});
    renderWithProviders(<RegisterForm onSuccess={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Email'), 'anna@example.com');
    await userEvent.type(screen.getByLabelText('Username'), 'a b');
    await userEvent.type(screen.getByLabelText('Password'), 'long-enough-password');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('Use letters, digits, dots, dashes and underscores only.')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });
});
