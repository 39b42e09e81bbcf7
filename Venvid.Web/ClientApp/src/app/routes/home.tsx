import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { WhenIdle } from '@/components/ui/when-idle';
import { useRecommended } from '@/features/discovery/api/get-recommended';
import { useVideos } from '@/features/videos/api/get-videos';
import { VideoGrid } from '@/features/videos/components/video-grid';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useIsSignedIn } from '@/stores/session-store';
import type { VideoPage } from '@/types/api';
import { latestParams, popularParams } from './home-data';

export default function HomeRoute() {
  useDocumentTitle(null);
  const signedIn = useIsSignedIn();
  const latest = useVideos(latestParams);

  return (
    <div className="page-container">
      <h1 className="visually-hidden">Home</h1>
      {signedIn ? <RecommendedShelf /> : <PopularShelf />}
      <section aria-labelledby="new-heading">
        <div className="border-bottom pb-2 mb-3">
          <h2 className="h4 mb-0" id="new-heading">
            New videos
          </h2>
          <p className="text-body-secondary small mb-0">Latest content just uploaded</p>
        </div>
        {/* Below the first shelf: drawn once the page is idle, so the first screen is not waiting on it. */}
        <WhenIdle>
          <VideoGrid query={latest} emptyTitle="Nothing new yet" label="New videos" eagerCount={0} />
        </WhenIdle>
      </section>
    </div>
  );
}

/** Only the shelf shown fetches: signed-in viewers never load the popular list, visitors never ask for recommendations. */
function RecommendedShelf() {
  const recommended = useRecommended();
  return (
    <Shelf
      id="recommended"
      title="Recommended for you"
      subtitle="From the channels you follow, like and watch"
      query={recommended}
      empty="Watch, like and subscribe, and recommendations show up here"
    />
  );
}

function PopularShelf() {
  const popular = useVideos(popularParams);
  return (
    <Shelf
      id="popular"
      title="Popular videos"
      subtitle="What people are watching"
      query={popular}
      empty="No videos yet"
      emptyHint={<UploadHint />}
      action={
        <Link to="/trending" className="small">
          See all
        </Link>
      }
    />
  );
}

type ShelfProps = {
  id: string;
  title: string;
  subtitle: string;
  query: UseInfiniteQueryResult<InfiniteData<VideoPage>>;
  empty: string;
  emptyHint?: ReactNode;
  action?: ReactNode;
};

function Shelf({ id, title, subtitle, query, empty, emptyHint, action }: ShelfProps) {
  return (
    <section className="mb-5" aria-labelledby={`${id}-heading`}>
      <div className="d-flex align-items-end justify-content-between border-bottom pb-2 mb-3">
        <div>
          <h2 className="h4 mb-0" id={`${id}-heading`}>
            {title}
          </h2>
          <p className="text-body-secondary small mb-0">{subtitle}</p>
        </div>
        {action}
      </div>
      <VideoGrid query={query} autoLoad={false} emptyTitle={empty} label={title} emptyHint={emptyHint} />
    </section>
  );
}

function UploadHint() {
  return (
    <Link to="/upload" className="btn btn-primary">
      Upload the first one
    </Link>
  );
}
