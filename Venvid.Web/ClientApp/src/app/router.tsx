import { lazy, type ReactNode } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { AppRoot } from './routes/app-root';
import { RequireAuth } from './routes/require-auth';

// Every page is its own chunk; the shell (header, sidebar) is in the entry bundle.
const HomeRoute = lazy(() => import('./routes/home'));
const TrendingRoute = lazy(() => import('./routes/trending'));
const SearchRoute = lazy(() => import('./routes/search'));
const WatchRoute = lazy(() => import('./routes/watch'));
const UploadRoute = lazy(() => import('./routes/upload'));
const ProfileRoute = lazy(() => import('./routes/profile'));
const MyVideosRoute = lazy(() => import('./routes/my-videos'));
const NotFoundRoute = lazy(() => import('./routes/not-found'));
const ChannelRoute = lazy(() => import('./routes/channel'));
const SubscriptionsRoute = lazy(() => import('./routes/subscriptions'));
const PlaylistsRoute = lazy(() => import('./routes/playlists'));
const PlaylistRoute = lazy(() => import('./routes/playlist'));
const WatchLaterRoute = lazy(() => import('./routes/playlist').then((module) => ({ default: module.WatchLaterRoute })));
const LoginRoute = lazy(() => import('./routes/auth').then((module) => ({ default: module.LoginRoute })));
const RegisterRoute = lazy(() => import('./routes/auth').then((module) => ({ default: module.RegisterRoute })));
const LikedRoute = lazy(() => import('./routes/library').then((module) => ({ default: module.LikedRoute })));
const HistoryRoute = lazy(() => import('./routes/library').then((module) => ({ default: module.HistoryRoute })));

const signedIn = (page: ReactNode) => <RequireAuth>{page}</RequireAuth>;

const router = createBrowserRouter([
  {
    element: <AppRoot />,
    children: [
      { path: '/', element: <HomeRoute /> },
      { path: '/trending', element: <TrendingRoute /> },
      { path: '/search', element: <SearchRoute /> },
      { path: '/watch/:id', element: <WatchRoute /> },
      { path: '/login', element: <LoginRoute /> },
      { path: '/register', element: <RegisterRoute /> },
      { path: '/upload', element: signedIn(<UploadRoute />) },
      { path: '/profile', element: signedIn(<ProfileRoute />) },
      { path: '/me/videos', element: signedIn(<MyVideosRoute />) },
      { path: '/me/liked', element: signedIn(<LikedRoute />) },
      { path: '/me/history', element: signedIn(<HistoryRoute />) },
      { path: '/feed/subscriptions', element: signedIn(<SubscriptionsRoute />) },
      { path: '/me/playlists', element: signedIn(<PlaylistsRoute />) },
      { path: '/me/watch-later', element: signedIn(<WatchLaterRoute />) },
      { path: '/playlist/:id', element: <PlaylistRoute /> },
      // Channels live at /@username; a path segment cannot start with a fixed "@" in the router, so the page checks it.
      { path: '/:handle', element: <ChannelRoute /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
