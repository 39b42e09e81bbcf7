import { useSearchParams } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { searchIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useVideos } from '@/features/videos/api/get-videos';
import { VideoGrid } from '@/features/videos/components/video-grid';

export default function SearchRoute() {
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  useDocumentTitle(q ? `${q} – Search` : 'Search');
  return (
    <div className="page-container">
      <PageHeader title={q ? `Results for “${q}”` : 'Search'} />
      {q ? <SearchResults q={q} /> : <EmptyState icon={searchIcon} title="Type in the search box to find videos." />}
    </div>
  );
}

function SearchResults({ q }: { q: string }) {
  const query = useVideos({ sort: 'popular', q });
  return <VideoGrid query={query} emptyTitle={`No videos match “${q}”`} label="Search results" headingLevel={2} />;
}
