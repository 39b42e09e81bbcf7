import { Link } from 'react-router';
import { formatCount } from '@/lib/format';
import type { Playlist } from '@/types/api';

export function PlaylistCard({ playlist, to }: { playlist: Playlist; to: string }) {
  return (
    <article className="video-card h-100" data-testid="playlist-card" aria-labelledby={`playlist-title-${playlist.id}`}>
      <Link to={to} className="d-block text-decoration-none" tabIndex={-1} aria-hidden="true">
        <div className="thumbnail ratio ratio-16x9 rounded-3 overflow-hidden bg-dark">
          {playlist.thumbnailUrl ? (
            <img src={playlist.thumbnailUrl} alt="" loading="lazy" className="object-fit-cover" />
          ) : (
            <div className="d-flex align-items-center justify-content-center text-white-50">
              <i className={`bi ${playlist.kind === 'watchLater' ? 'bi-clock' : 'bi-collection-play'} fs-1`} aria-hidden="true" />
            </div>
          )}
        </div>
      </Link>
      <div className="pt-2">
        <h3 className="video-card-title fs-6 fw-semibold mb-1" id={`playlist-title-${playlist.id}`}>
          <Link to={to} className="text-body text-decoration-none">
            {playlist.title}
          </Link>
        </h3>
        <div className="small text-body-secondary">
          {formatCount(playlist.videoCount, 'video')}
          <span aria-hidden="true"> · </span>
          <span className="text-capitalize">{playlist.visibility}</span>
        </div>
      </div>
    </article>
  );
}
