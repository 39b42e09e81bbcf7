import { NavLink } from 'react-router';
import { Icon, type IconData } from '@/components/ui/icon';
import { clockHistoryIcon, clockIcon, collectionIcon, collectionPlayIcon, fireIcon, handThumbsUpIcon, houseDoorIcon, playBtnIcon } from '@/components/ui/icons';

type Item = { to: string; label: string; icon: IconData; end?: boolean };

const sections: Item[][] = [
  [
    { to: '/', label: 'Home', icon: houseDoorIcon, end: true },
    { to: '/trending', label: 'Trending', icon: fireIcon },
    { to: '/feed/subscriptions', label: 'Subscriptions', icon: collectionIcon },
  ],
  [
    { to: '/me/history', label: 'History', icon: clockHistoryIcon },
    { to: '/me/playlists', label: 'Playlists', icon: collectionPlayIcon },
    { to: '/me/videos', label: 'Your videos', icon: playBtnIcon },
    { to: '/me/watch-later', label: 'Watch later', icon: clockIcon },
    { to: '/me/liked', label: 'Liked videos', icon: handThumbsUpIcon },
  ],
];

type SidebarProps = { open: boolean; onNavigate: () => void };

export function Sidebar({ open, onNavigate }: SidebarProps) {
  return (
    <>
      <nav id="app-sidebar" className={`app-sidebar${open ? ' open' : ''}`} aria-label="Main">
        {sections.map((items, index) => (
          <ul className="nav flex-column py-2 border-bottom" key={index}>
            {items.map((item) => (
              <li className="nav-item" key={item.to}>
                <NavLink to={item.to} end={item.end} className="nav-link sidebar-link" onClick={onNavigate}>
                  <Icon icon={item.icon} />
                  <span>{item.label}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        ))}
      </nav>
      {open && <div className="sidebar-backdrop d-lg-none" onClick={onNavigate} aria-hidden="true" />}
    </>
  );
}
