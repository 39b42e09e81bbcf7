import { Link } from 'react-router';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useVideos } from '@/features/videos/api/get-videos';
import { VideoGrid } from '@/features/videos/components/video-grid';

export default function HomeRoute() {
  useDocumentTitle(null);
  const popular = useVideos({ sort: 'popular', limit: 8 });
  const latest = useVideos({ sort: 'new', limit: 20 });

  return (
    <div className="page-container">
      <section className="mb-5" aria-labelledby="popular-heading">
        <div className="d-flex align-items-end justify-content-between border-bottom pb-2 mb-3">
          <div>
            <h2 className="h4 mb-0" id="popular-heading">
              Popular videos
            </h2>
            <p className="text-body-secondary small mb-0">What people are watching</p>
          </div>
          <Link to="/trending" className="small">
            See all
          </Link>
        </div>
        <VideoGrid query={popular} autoLoad={false} emptyTitle="No videos yet" label="Popular videos" emptyHint={<UploadHint />} />
      </section>
      <section aria-labelledby="new-heading">
        <div className="border-bottom pb-2 mb-3">
          <h2 className="h4 mb-0" id="new-heading">
            New videos
          </h2>
          <p className="text-body-secondary small mb-0">Latest content just uploaded</p>
        </div>
        <VideoGrid query={latest} emptyTitle="Nothing new yet" label="New videos" />
      </section>
    </div>
  );
}

function UploadHint() {
  return (
    <Link to="/upload" className="btn btn-primary">
      Upload the first one
    </Link>
  );
}
