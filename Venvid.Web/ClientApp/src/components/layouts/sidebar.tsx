import { NavLink } from 'react-router';

type Item = { to: string; label: string; icon: string; end?: boolean };

const sections: Item[][] = [
  [
    { to: '/', label: 'Home', icon: 'bi-house-door', end: true },
    { to: '/trending', label: 'Trending', icon: 'bi-fire' },
    { to: '/feed/subscriptions', label: 'Subscriptions', icon: 'bi-collection' },
  ],
  [
    { to: '/me/history', label: 'History', icon: 'bi-clock-history' },
    { to: '/me/playlists', label: 'Playlists', icon: 'bi-collection-play' },
    { to: '/me/videos', label: 'Your videos', icon: 'bi-play-btn' },
    { to: '/me/watch-later', label: 'Watch later', icon: 'bi-clock' },
    { to: '/me/liked', label: 'Liked videos', icon: 'bi-hand-thumbs-up' },
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
                  <i className={`bi ${item.icon}`} aria-hidden="true" />
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
