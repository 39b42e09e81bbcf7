import { Link } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { signpostSplitIcon } from '@/components/ui/icons';
import { useDocumentTitle } from '@/lib/use-document-title';

export default function NotFoundRoute() {
  useDocumentTitle('Not found');
  return (
    <EmptyState icon={signpostSplitIcon} title="This page doesn't exist" titleAs="h1">
      <Link to="/">Go home</Link>
    </EmptyState>
  );
}
