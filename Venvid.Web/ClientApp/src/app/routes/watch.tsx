import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Icon } from '@/components/ui/icon';
import { cameraVideoOffIcon, exclamationOctagonIcon, pencilIcon } from '@/components/ui/icons';
import { Spinner } from '@/components/ui/spinner';
import { WhenIdle } from '@/components/ui/when-idle';
import { formatCount, formatRelativeTime } from '@/lib/format';
import { isApiError } from '@/lib/problem-details';
import { usePlaylist } from '@/features/playlists/api/get-playlist';
import { usePlaylistItems } from '@/features/playlists/api/get-playlist-items';
import { SaveMenu } from '@/features/playlists/components/save-menu';
import { useMe } from '@/features/account/api/get-me';
import { CommentsSection } from '@/features/comments/components/comments-section';
import { useRelated } from '@/features/discovery/api/get-related';
import { VideoThumbnail } from '@/features/videos/components/video-thumbnail';
import { useDocumentTitle } from '@/lib/use-document-title';
import { VideoPlayer } from '@/features/player/components/video-player';
import { useRecordView } from '@/features/videos/api/record-view';
import { useLiveVideo } from '@/features/videos/api/watch-video-events';
import { LikeButton } from '@/features/videos/components/like-button';
import type { PlaylistItem, Video } from '@/types/api';
import { watchPosterUrl } from './watch-data';

export default function WatchRoute() {
  const { id = '' } = useParams();
  const { data: video, error, isPending, refetch } = useLiveVideo(id);
  const recordView = useRecordView();
  useDocumentTitle(video?.title ?? null);
  const me = useMe();
  const [params] = useSearchParams();
  const listId = params.get('list');
  const queue = usePlaylistItems(listId);
  const navigate = useNavigate();
  const playNext = () => {
    const next = nextInPlaylist(queue.data?.pages.flatMap((page) => page.items) ?? [], id);
    if (next && listId) void navigate(`/watch/${next.video.id}?list=${encodeURIComponent(listId)}`);
  };

  if (isPending) return <Spinner label="Loading video…" />;
  if (error) {
    if (isApiError(error) && error.status === 404) {
      return (
        <EmptyState icon={cameraVideoOffIcon} title="This video isn't available" titleAs="h1">
          <Link to="/">Go home</Link>
        </EmptyState>
      );
    }
    return (
      <div className="page-container">
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      </div>
    );
  }

  return (
    <div className="watch-page watch-layout">
      <div className="min-w-0">
        {video.playbackUrl ? (
          <VideoPlayer
            key={video.playbackUrl}
            videoId={video.id}
            src={video.playbackUrl}
            title={video.title}
            poster={watchPosterUrl(video)}
            storyboardUrl={video.storyboardUrl}
            captions={video.captions}
            chapters={video.chapters}
            onPlaybackStarted={() => recordView.mutate(video.id)}
            onEnded={playNext}
          />
        ) : (
          <ProcessingPanel video={video} />
        )}
        <VideoDetails video={video} />
        {listId && <PlaylistPanel playlistId={listId} currentVideoId={video.id} />}
        <WhenIdle>
          <CommentsSection
            videoId={video.id}
            uploaderId={video.uploader.id}
            commentCount={video.commentCount}
            meId={me.data?.id ?? null}
            onChanged={() => void refetch()}
          />
        </WhenIdle>
      </div>
      <WhenIdle>
        <UpNext videoId={video.id} listId={listId} />
      </WhenIdle>
    </div>
  );
}

/** Related videos beside the player on wide screens, below everything on phones. */
function UpNext({ videoId, listId }: { videoId: string; listId: string | null }) {
  const related = useRelated(videoId);
  if (listId || !related.data || related.data.length === 0) return null;
  return (
    <aside aria-labelledby="up-next-heading" data-testid="up-next">
      <h2 className="h6 fw-semibold mb-2" id="up-next-heading">
        Up next
      </h2>
      <ul className="list-unstyled mb-0">
        {related.data.map((next) => (
          <li key={next.id} className="mb-2">
            <Link to={`/watch/${next.id}`} className="d-flex gap-2 text-decoration-none text-body" data-testid="up-next-item">
              <span className="flex-shrink-0" style={{ width: 168 }}>
                <VideoThumbnail video={next} sizes="168px" />
              </span>
              <span className="min-w-0">
                <span className="d-block fw-semibold small text-truncate-2">{next.title}</span>
                <span className="d-block small text-body-secondary">{next.uploader.displayName || next.uploader.username}</span>
                <span className="d-block small text-body-secondary">{formatCount(next.viewCount, 'view')}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </aside>
  );
}

function ProcessingPanel({ video }: { video: Video }) {
  const failed = video.status === 'failed';
  const progress = Math.round(video.progress);
  return (
    <div className="ratio ratio-16x9 bg-dark rounded-3 text-white" data-testid="processing-panel">
      <div className="d-flex flex-column align-items-center justify-content-center p-3 text-center">
        {failed ? (
          <>
            <Icon icon={exclamationOctagonIcon} className="fs-1 mb-2" />
            <p className="mb-0">Processing failed{video.failureReason ? `: ${video.failureReason}` : '.'}</p>
          </>
        ) : (
          <>
            <p className="fs-5 mb-3" aria-live="polite">
              {video.status === 'processing' ? `Processing ${progress}%` : 'Queued for processing…'}
            </p>
            <div className="progress w-50" role="progressbar" aria-label="Processing progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress}>
              <div className="progress-bar progress-bar-striped progress-bar-animated" style={{ width: `${progress}%` }} />
            </div>
            <p className="small text-white-50 mt-3 mb-0">Playback starts as soon as the first quality is ready.</p>
          </>
        )}
      </div>
    </div>
  );
}

function VideoDetails({ video }: { video: Video }) {
  const [expanded, setExpanded] = useState(false);
  const me = useMe();
  const uploader = video.uploader.displayName || video.uploader.username;
  const published = video.publishedAt ?? video.createdAt;
  const description = video.description ?? '';
  const long = description.length > 280 || description.split('\n').length > 4;

  return (
    <div className="mt-3">
      <h1 className="h4 fw-semibold mb-2" data-testid="video-title">
        {video.title}
      </h1>
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-3">
        <div className="d-flex align-items-center gap-2">
          <Avatar name={uploader} />
          <div>
            <Link to={`/@${video.uploader.username}`} className="fw-semibold text-body text-decoration-none" data-testid="uploader-link">
              {uploader}
            </Link>
            <div className="small text-body-secondary">@{video.uploader.username}</div>
          </div>
        </div>
        <div className="d-flex flex-wrap gap-2">
          {me.data?.id === video.uploader.id && (
            <Link to={`/me/videos/${video.id}/edit`} className="btn btn-outline-secondary rounded-pill" data-testid="edit-video">
              <Icon icon={pencilIcon} className="me-1" />
              Edit
            </Link>
          )}
          <LikeButton video={video} />
          <SaveMenu videoId={video.id} />
        </div>
      </div>
      <div className="bg-body-tertiary rounded-3 p-3 mt-3">
        <div className="small fw-semibold mb-1">
          <span data-testid="view-count">{formatCount(video.viewCount, 'view')}</span>
          <span aria-hidden="true"> · </span>
          <time dateTime={published}>{formatRelativeTime(published)}</time>
          {video.visibility !== 'public' && <span className="badge text-bg-secondary ms-2 text-capitalize">{video.visibility}</span>}
        </div>
        {description ? (
          <>
            <p className={`mb-0 description${expanded || !long ? '' : ' clamped'}`}>{description}</p>
            {long && (
              <button type="button" className="btn btn-link btn-sm px-0" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
                {expanded ? 'Show less' : 'Show more'}
              </button>
            )}
          </>
        ) : (
          <p className="mb-0 text-body-secondary">No description.</p>
        )}
      </div>
    </div>
  );
}

/** The playlist item after the one playing `videoId`; none at the end. */
export function nextInPlaylist(items: PlaylistItem[], videoId: string): PlaylistItem | undefined {
  const index = items.findIndex((item) => item.video.id === videoId);
  return index >= 0 ? items[index + 1] : undefined;
}

function PlaylistPanel({ playlistId, currentVideoId }: { playlistId: string; currentVideoId: string }) {
  const playlist = usePlaylist(playlistId);
  const items = usePlaylistItems(playlistId);
  if (playlist.isError || items.isError) return null;
  const all = items.data?.pages.flatMap((page) => page.items) ?? [];
  const current = all.findIndex((item) => item.video.id === currentVideoId);
  return (
    <aside className="card mt-3" aria-label="Playlist" data-testid="playlist-panel">
      <div className="card-header d-flex justify-content-between align-items-center">
        <Link to={`/playlist/${playlistId}`} className="fw-semibold text-body text-decoration-none">
          {playlist.data?.title ?? 'Playlist'}
        </Link>
        {current >= 0 && (
          <span className="small text-body-secondary">
            {current + 1} / {playlist.data?.videoCount ?? all.length}
          </span>
        )}
      </div>
      <ol className="list-group list-group-flush">
        {all.map((item) => (
          <li
            key={item.itemId}
            className={`list-group-item${item.video.id === currentVideoId ? ' active' : ''}`}
            aria-current={item.video.id === currentVideoId ? 'true' : undefined}
          >
            <Link
              to={`/watch/${item.video.id}?list=${encodeURIComponent(playlistId)}`}
              className={`text-decoration-none ${item.video.id === currentVideoId ? 'text-white' : 'text-body'}`}
            >
              <span className="me-2 small">{item.position}</span>
              {item.video.title}
            </Link>
          </li>
        ))}
      </ol>
    </aside>
  );
}
