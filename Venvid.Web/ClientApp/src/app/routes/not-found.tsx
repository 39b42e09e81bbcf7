import { Link } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { useDocumentTitle } from '@/lib/use-document-title';

export default function NotFoundRoute() {
  useDocumentTitle('Not found');
  return (
    <EmptyState icon="bi-signpost-split" title="This page doesn't exist">
      <Link to="/">Go home</Link>
    </EmptyState>
  );
}
