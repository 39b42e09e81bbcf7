import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useIsSignedIn } from '@/stores/session-store';
import { useMe } from '../api/get-me';
import { useLogout } from '../api/logout';

/** Sign in / sign up when signed out; an upload button and the profile menu when signed in. */
export function AccountMenu() {
  const signedIn = useIsSignedIn();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

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

  const name = me.data?.displayName || me.data?.username || 'Account';
  const initial = name.charAt(0).toUpperCase();
  const close = () => setOpen(false);

  return (
    <>
      <Link to="/upload" className="btn btn-outline-secondary d-flex align-items-center gap-1" aria-label="Upload a video" title="Upload a video">
        <i className="bi bi-cloud-arrow-up" aria-hidden="true" />
        <span className="d-none d-md-inline">Create</span>
      </Link>
      <div className="dropdown" ref={menuRef}>
        <button
          type="button"
          className="btn avatar-button rounded-circle"
          aria-haspopup="menu"
          aria-expanded={open}
          aria-label={`Account: ${name}`}
          data-testid="account-menu"
          onClick={() => setOpen((value) => !value)}
        >
          {initial}
        </button>
        {open && (
          <ul className="dropdown-menu dropdown-menu-end show shadow" role="menu" style={{ right: 0, left: 'auto' }}>
            <li className="px-3 py-2 small text-body-secondary" role="presentation">
              Signed in as <strong className="text-body">{me.data?.username ?? '…'}</strong>
            </li>
            <li role="presentation">
              <hr className="dropdown-divider" />
            </li>
            <li role="presentation">
              <Link className="dropdown-item" role="menuitem" to="/profile" onClick={close}>
                <i className="bi bi-person me-2" aria-hidden="true" />
                Your profile
              </Link>
            </li>
            <li role="presentation">
              <Link className="dropdown-item" role="menuitem" to="/me/videos" onClick={close}>
                <i className="bi bi-play-btn me-2" aria-hidden="true" />
                Your videos
              </Link>
            </li>
            <li role="presentation">
              <button
                type="button"
                className="dropdown-item"
                role="menuitem"
                onClick={() => {
                  close();
                  logout.mutate(undefined, { onSettled: () => void navigate('/') });
                }}
              >
                <i className="bi bi-box-arrow-right me-2" aria-hidden="true" />
                Sign out
              </button>
            </li>
          </ul>
        )}
      </div>
    </>
  );
}
