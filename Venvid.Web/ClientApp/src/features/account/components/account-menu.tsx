import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { Icon } from '@/components/ui/icon';
import { cloudArrowUpIcon } from '@/components/ui/icons';
import { useIsSignedIn } from '@/stores/session-store';

const ProfileMenu = lazy(() => import('./profile-menu').then((module) => ({ default: module.ProfileMenu })));

/** Sign in / sign up when signed out; an upload button and the profile menu when signed in. */
export function AccountMenu() {
  const signedIn = useIsSignedIn();

  if (!signedIn) {
    return (
      <>
        <Link to="/login" className="btn btn-link text-decoration-none d-none d-sm-inline-block">
          Sign in
        </Link>
        <Link to="/register" className="btn btn-outline-primary">
          Sign up
        </Link>
      </>
    );
  }

  return (
    <>
      <Link to="/upload" className="btn btn-outline-secondary d-flex align-items-center gap-1" aria-label="Create: upload a video" title="Upload a video">
        <Icon icon={cloudArrowUpIcon} />
        <span className="d-none d-md-inline">Create</span>
      </Link>
      {/* The same 40 px circle holds the place while the menu's code loads, so the header does not move. */}
      <Suspense fallback={<span className="avatar-circle bg-secondary-subtle" aria-hidden="true" />}>
        <ProfileMenu />
      </Suspense>
    </>
  );
}
