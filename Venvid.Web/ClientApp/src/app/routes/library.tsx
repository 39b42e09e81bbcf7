import { PageHeader } from '@/components/ui/page-header';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useLikedVideos } from '@/features/videos/api/get-liked-videos';
import { useWatchHistory } from '@/features/videos/api/get-watch-history';
import { VideoGrid } from '@/features/videos/components/video-grid';

export function LikedRoute() {
  useDocumentTitle('Liked videos');
  const query = useLikedVideos();
  return (
    <div className="page-container">
      <PageHeader title="Liked videos" subtitle="Newest like first" />
      <VideoGrid query={query} emptyTitle="Videos you like show up here" label="Liked videos" headingLevel={2} />
    </div>
  );
}

export function HistoryRoute() {
  useDocumentTitle('History');
  const query = useWatchHistory();
  return (
    <div className="page-container">
      <PageHeader title="History" subtitle="Videos you watched, most recent first" />
      <VideoGrid query={query} emptyTitle="Videos you watch show up here" label="Watch history" headingLevel={2} />
    </div>
  );
}
