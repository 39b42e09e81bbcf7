import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppLayout } from '@/components/layouts/app-layout';
import { AccountMenu } from '@/features/account/components/account-menu';
import { SearchForm } from '@/features/search/components/search-form';
import { useSessionStore } from '@/stores/session-store';
import { axeViolations } from '@/testing/axe';
import { makeVideo } from '@/testing/data';
import { json, mockFetch } from '@/testing/fetch-mock';
import { createTestQueryClient } from '@/testing/render';
import { LoginRoute, RegisterRoute } from './routes/auth';
import HomeRoute from './routes/home';
import NotFoundRoute from './routes/not-found';
import SearchRoute from './routes/search';
import WatchRoute from './routes/watch';

const videos = Array.from({ length: 6 }, (_, index) => makeVideo({ id: `v${index + 1}`, title: `Video ${index + 1}` }));
const page = { items: videos, nextCursor: null };
const user = { id: 'u9', username: 'zoe', email: 'zoe@example.com', displayName: 'Zoe', bio: null, avatarUrl: null, createdAt: '2026-01-01T00:00:00Z' };

/** The page inside the app's header, sidebar and main, as the router shows it at `path`. */
function renderPage(path: string, element: ReactElement, routePath = '*') {
  return render(
    <QueryClientProvider client={createTestQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route element={<AppLayout search={<SearchForm />} account={<AccountMenu />} />}>
            <Route path={routePath} element={element} />
          </Route>
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  beforeEach(() => {
    mockFetch({
      'GET /api/videos': () => json(page),
      'GET /api/videos/v1': () => json(videos[0]),
      'GET /api/videos/v1/related': () => json({ items: videos.slice(1) }),
      'GET /api/videos/v1/comments': () => json({ items: [], nextCursor: null }),
      'GET /api/videos/recommended': () => json(page),
      'GET /api/users/me': () => json(user),
      'GET /media/videos/v1/storyboard.vtt': () => new Response('WEBVTT\n'),
    });
  });

  it('home, signed out: landmarks, one h1, cards with unique ids', async () => {
    renderPage('/', <HomeRoute />);
    await screen.findAllByText('Video 1');
    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    expect(await axeViolations()).toEqual([]);
  });

  it('home, signed in: the account menu', async () => {
    useSessionStore.getState().setTokens({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, tokenType: 'Bearer' });
    renderPage('/', <HomeRoute />);
    await screen.findByRole('button', { name: 'Account: Zoe' });
    await screen.findAllByText('Video 1');
    expect(await axeViolations()).toEqual([]);
  });

  it('search results', async () => {
    renderPage('/search?q=alps', <SearchRoute />);
    await screen.findByText('Video 1');
    expect(screen.getAllByRole('heading', { level: 2 }).map((heading) => heading.textContent)).toContain('Video 1');
    expect(await axeViolations()).toEqual([]);
  });

  it('watch page', async () => {
    renderPage('/watch/v1', <WatchRoute />, '/watch/:id');
    await screen.findByTestId('video-title');
    await screen.findByTestId('up-next');
    expect(await axeViolations()).toEqual([]);
  });

  it('sign in, sign up and not found', async () => {
    for (const element of [<LoginRoute key="login" />, <RegisterRoute key="register" />, <NotFoundRoute key="missing" />]) {
      const { unmount } = renderPage('/somewhere', element);
      expect(await axeViolations()).toEqual([]);
      unmount();
    }
  });
});
