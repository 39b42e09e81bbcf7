import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { AppLayout } from '@/components/layouts/app-layout';
import { AccountMenu } from '@/features/account/components/account-menu';
import { SearchForm } from '@/features/search/components/search-form';

export function AppRoot() {
  const { pathname } = useLocation();
  useEffect(() => {
    // Braces matter: newer browsers return a Promise from scrollTo, and React treats a returned value as cleanup.
    window.scrollTo(0, 0);
  }, [pathname]);
  return <AppLayout search={<SearchForm />} account={<AccountMenu />} />;
}
