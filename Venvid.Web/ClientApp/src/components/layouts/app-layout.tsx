import { Suspense, useEffect, type ReactNode } from 'react';
import { Link, Outlet } from 'react-router';
import { Icon } from '@/components/ui/icon';
import { listIcon, playBtnFillIcon } from '@/components/ui/icons';
import { Spinner } from '@/components/ui/spinner';
import { useUiStore } from '@/stores/ui-store';
import { Sidebar } from './sidebar';

type AppLayoutProps = { search: ReactNode; account: ReactNode };

/** Header, sidebar and the routed page. `search` is the header's search box; `account` is the sign-in buttons or the user menu. */
export function AppLayout({ search, account }: AppLayoutProps) {
  const sidebarOpen = useUiStore((state) => state.sidebarOpen);
  const toggleSidebar = useUiStore((state) => state.toggleSidebar);
  const closeSidebar = useUiStore((state) => state.closeSidebar);

  useEffect(() => {
    if (!sidebarOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') closeSidebar();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [sidebarOpen, closeSidebar]);

  return (
    <>
      <a className="visually-hidden-focusable skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header navbar bg-body-tertiary border-bottom sticky-top px-2 px-md-3">
        <div className="d-flex align-items-center w-100 flex-nowrap">
          <button
            type="button"
            className="btn btn-link text-body d-lg-none px-2"
            aria-label="Navigation"
            aria-controls="app-sidebar"
            aria-expanded={sidebarOpen}
            onClick={toggleSidebar}
          >
            <Icon icon={listIcon} className="fs-4" />
          </button>
          <Link to="/" className="navbar-brand fw-bold me-0 brand" aria-label="Venvid home" onClick={closeSidebar}>
            <Icon icon={playBtnFillIcon} className="text-danger me-1" />
            <span className="d-none d-sm-inline">Venvid</span>
          </Link>
          {search}
          <div className="d-flex align-items-center gap-2 flex-shrink-0 ms-auto">{account}</div>
        </div>
      </header>
      <div className="app-body">
        <Sidebar open={sidebarOpen} onNavigate={closeSidebar} />
        <main id="main" className="app-main" tabIndex={-1}>
          <Suspense fallback={<Spinner />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </>
  );
}
