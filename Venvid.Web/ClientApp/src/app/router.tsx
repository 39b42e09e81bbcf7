import { lazy, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, RouterProvider, type Params } from 'react-router';
import { queryClient } from '@/lib/query-client';
import { AppRoot } from './routes/app-root';
import { RequireAuth } from './routes/require-auth';

type LazyPage = { Page: ComponentType; load: () => Promise<unknown> };

/**
 * A page in its own chunk, loaded on demand. Until its code is in, it suspends like React.lazy (the layout shows a
 * spinner); once it is in (the first page is preloaded before the app renders), it renders at once.
 */
function lazyPage<M>(importPage: () => Promise<M>, pick: (module: M) => ComponentType): LazyPage {
  let Loaded: ComponentType | null = null;
  const load = () =>
    importPage().then((module) => {
      Loaded = pick(module);
      return { default: Loaded };
    });
  const Pending = lazy(load);
  function Page() {
    const Component = Loaded ?? Pending;
    return <Component />;
  }
  return { Page, load };
}

// Every page is its own chunk; the shell (header, sidebar) is in the entry bundle.
const home = lazyPage(
  () => import('./routes/home'),
  (module) => module.default,
);
const trending = lazyPage(
  () => import('./routes/trending'),
  (module) => module.default,
);
const search = lazyPage(
  () => import('./routes/search'),
  (module) => module.default,
);
const watch = lazyPage(
  () => import('./routes/watch'),
  (module) => module.default,
);
const upload = lazyPage(
  () => import('./routes/upload'),
  (module) => module.default,
);
const profile = lazyPage(
  () => import('./routes/profile'),
  (module) => module.default,
);
const myVideos = lazyPage(
  () => import('./routes/my-videos'),
  (module) => module.default,
);
const editVideo = lazyPage(
  () => import('./routes/edit-video'),
  (module) => module.default,
);
const notFound = lazyPage(
  () => import('./routes/not-found'),
  (module) => module.default,
);
const channel = lazyPage(
  () => import('./routes/channel'),
  (module) => module.default,
);
const subscriptions = lazyPage(
  () => import('./routes/subscriptions'),
  (module) => module.default,
);
const playlists = lazyPage(
  () => import('./routes/playlists'),
  (module) => module.default,
);
const playlist = lazyPage(
  () => import('./routes/playlist'),
  (module) => module.default,
);
const watchLater = lazyPage(
  () => import('./routes/playlist'),
  (module) => module.WatchLaterRoute,
);
const login = lazyPage(
  () => import('./routes/auth'),
  (module) => module.LoginRoute,
);
const register = lazyPage(
  () => import('./routes/auth'),
  (module) => module.RegisterRoute,
);
const liked = lazyPage(
  () => import('./routes/library'),
  (module) => module.LikedRoute,
);
const history = lazyPage(
  () => import('./routes/library'),
  (module) => module.HistoryRoute,
);

/**
 * What the first page needs, started as the app boots instead of when React first renders that page: its code
 * and, for Home and Watch (the pages people land on), its data, so the API call overlaps the download.
 * Resolves when the code is in.
 */
type RouteHandle = { preload: (params: Params) => Promise<unknown> };

const code = (page: LazyPage): RouteHandle => ({ preload: () => page.load() });

const signedIn = (page: ReactNode) => <RequireAuth>{page}</RequireAuth>;

const router = createBrowserRouter([
  {
    element: <AppRoot />,
    children: [
      {
        path: '/',
        element: <home.Page />,
        handle: {
          preload: () => {
            void import('./routes/home-data').then((data) => data.prefetchHome(queryClient));
            return home.load();
          },
        } satisfies RouteHandle,
      },
      { path: '/trending', element: <trending.Page />, handle: code(trending) },
      { path: '/search', element: <search.Page />, handle: code(search) },
      {
        path: '/watch/:id',
        element: <watch.Page />,
        handle: {
          preload: ({ id }) => {
            if (id) void import('./routes/watch-data').then((data) => data.prefetchWatch(queryClient, id));
            return watch.load();
          },
        } satisfies RouteHandle,
      },
      { path: '/login', element: <login.Page />, handle: code(login) },
      { path: '/register', element: <register.Page />, handle: code(register) },
      { path: '/upload', element: signedIn(<upload.Page />) },
      { path: '/profile', element: signedIn(<profile.Page />) },
      { path: '/me/videos', element: signedIn(<myVideos.Page />) },
      { path: '/me/videos/:id/edit', element: signedIn(<editVideo.Page />) },
      { path: '/me/liked', element: signedIn(<liked.Page />) },
      { path: '/me/history', element: signedIn(<history.Page />) },
      { path: '/feed/subscriptions', element: signedIn(<subscriptions.Page />) },
      { path: '/me/playlists', element: signedIn(<playlists.Page />) },
      { path: '/me/watch-later', element: signedIn(<watchLater.Page />) },
      { path: '/playlist/:id', element: <playlist.Page />, handle: code(playlist) },
      // Channels live at /@username; a path segment cannot start with a fixed "@" in the router, so the page checks it.
      { path: '/:handle', element: <channel.Page />, handle: code(channel) },
      { path: '*', element: <notFound.Page />, handle: code(notFound) },
    ],
  },
]);

/**
 * The first page's code (and data) requested now. main.tsx renders once the code is in, so the page shows at once
 * rather than after a spinner (React keeps a spinner up for at least 300 ms); it renders anyway if loading fails.
 */
export const initialPageReady: Promise<void> = Promise.all(
  router.state.matches.map((match) => (match.route.handle as RouteHandle | undefined)?.preload(match.params) ?? Promise.resolve()),
).then(
  () => undefined,
  () => undefined,
);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
