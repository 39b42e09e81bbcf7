import { PageHeader } from '@/components/ui/page-header';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useVideos } from '@/features/videos/api/get-videos';
import { VideoGrid } from '@/features/videos/components/video-grid';

export default function TrendingRoute() {
  useDocumentTitle('Trending');
  const query = useVideos({ sort: 'trending' });
  return (
    <div className="page-container">
      <PageHeader title="Trending" subtitle="Videos gaining views right now" />
      <VideoGrid query={query} emptyTitle="Nothing is trending yet" label="Trending videos" headingLevel={2} />
    </div>
  );
}
