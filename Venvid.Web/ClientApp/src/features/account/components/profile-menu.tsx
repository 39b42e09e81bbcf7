import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Icon } from '@/components/ui/icon';
import { boxArrowRightIcon, personIcon, playBtnIcon } from '@/components/ui/icons';
import { useMe } from '../api/get-me';
import { useLogout } from '../api/logout';

/** The signed-in user's avatar button and menu. Loaded on demand: it needs the API client, which the shell does not. */
export function ProfileMenu() {
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

  const name = me.data?.displayName || me.data?.username || 'Account';
  const initial = name.charAt(0).toUpperCase();
  const close = () => setOpen(false);

  return (
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
              <Icon icon={personIcon} className="me-2" />
              Your profile
            </Link>
          </li>
          <li role="presentation">
            <Link className="dropdown-item" role="menuitem" to="/me/videos" onClick={close}>
              <Icon icon={playBtnIcon} className="me-2" />
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
              <Icon icon={boxArrowRightIcon} className="me-2" />
              Sign out
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}
