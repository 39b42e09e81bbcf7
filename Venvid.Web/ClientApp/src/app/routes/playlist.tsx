import { useId, useState, type SubmitEvent } from 'react';
import { VisibilitySelect } from '@/components/ui/visibility-select';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Icon } from '@/components/ui/icon';
import { arrowDownIcon, arrowUpIcon, collectionPlayIcon, playFillIcon, xLgIcon } from '@/components/ui/icons';
import { Spinner } from '@/components/ui/spinner';
import { useMe } from '@/features/account/api/get-me';
import { useDeletePlaylist, useMovePlaylistItem, useRemovePlaylistItem, useUpdatePlaylist } from '@/features/playlists/api/edit-playlists';
import { usePlaylist } from '@/features/playlists/api/get-playlist';
import { usePlaylistItems } from '@/features/playlists/api/get-playlist-items';
import { useWatchLater } from '@/features/playlists/api/get-watch-later';
import { VideoThumbnail } from '@/features/videos/components/video-thumbnail';
import { formatCount } from '@/lib/format';
import { errorMessage, isApiError } from '@/lib/problem-details';
import { useDocumentTitle } from '@/lib/use-document-title';
import type { Playlist, PlaylistItem, Visibility } from '@/types/api';

export default function PlaylistRoute() {
  const { id = '' } = useParams();
  return <PlaylistPage id={id} />;
}

/** `/me/watch-later`: the caller's Watch later, which always exists. */
export function WatchLaterRoute() {
  const watchLater = useWatchLater();
  if (watchLater.isPending) return <Spinner label="Loading Watch later…" />;
  if (watchLater.isError) return <ErrorAlert error={watchLater.error} onRetry={() => void watchLater.refetch()} />;
  return <PlaylistPage id={watchLater.data.id} />;
}

function PlaylistPage({ id }: { id: string }) {
  const { data: playlist, error, isPending, refetch } = usePlaylist(id);
  const me = useMe();
  useDocumentTitle(playlist?.title ?? null);

  if (isPending) return <Spinner label="Loading playlist…" />;
  if (error) {
    if (isApiError(error) && error.status === 404) {
      return (
        <EmptyState icon={collectionPlayIcon} title="This playlist isn't available" titleAs="h1">
          <Link to="/">Go home</Link>
        </EmptyState>
      );
    }
    return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  }

  const own = me.data?.id === playlist.owner.id;
  return (
    <div className="page-container">
      <PlaylistHeader playlist={playlist} own={own} />
      <PlaylistItems playlist={playlist} own={own} />
    </div>
  );
}

function PlaylistHeader({ playlist, own }: { playlist: Playlist; own: boolean }) {
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useDeletePlaylist();
  const navigate = useNavigate();
  const items = usePlaylistItems(playlist.id);
  const first = items.data?.pages[0]?.items[0];

  return (
    <header className="border-bottom pb-3 mb-3" data-testid="playlist-header">
      <h1 className="h3 mb-1">{playlist.title}</h1>
      <div className="text-body-secondary small mb-2">
        <Link to={`/@${playlist.owner.username}`} className="tap-target text-body-secondary">
          {playlist.owner.displayName || playlist.owner.username}
        </Link>
        <span aria-hidden="true"> · </span>
        <span data-testid="playlist-count">{formatCount(playlist.videoCount, 'video')}</span>
        <span aria-hidden="true"> · </span>
        <span className="text-capitalize">{playlist.visibility}</span>
      </div>
      {playlist.description && <p className="description mb-2">{playlist.description}</p>}
      <div className="d-flex flex-wrap gap-2">
        {first && (
          <Link to={`/watch/${first.video.id}?list=${playlist.id}`} className="btn btn-dark rounded-pill" data-testid="play-all">
            <Icon icon={playFillIcon} className="me-1" />
            Play all
          </Link>
        )}
        {own && (
          <button type="button" className="btn btn-outline-secondary rounded-pill" aria-expanded={editing} onClick={() => setEditing((value) => !value)}>
            Edit
          </button>
        )}
        {own && playlist.kind === 'playlist' && (
          <button type="button" className="btn btn-outline-danger rounded-pill" onClick={() => setDeleting(true)}>
            Delete
          </button>
        )}
      </div>
      {editing && <EditPlaylistForm playlist={playlist} onDone={() => setEditing(false)} />}
      {deleting && (
        <ConfirmDialog
          title="Delete this playlist?"
          message={`“${playlist.title}” will be gone; its videos stay where they are.`}
          confirmLabel="Delete playlist"
          busy={remove.isPending}
          onCancel={() => setDeleting(false)}
          onConfirm={() => remove.mutate(playlist.id, { onSuccess: () => void navigate('/me/playlists') })}
        />
      )}
    </header>
  );
}

function EditPlaylistForm({ playlist, onDone }: { playlist: Playlist; onDone: () => void }) {
  const update = useUpdatePlaylist();
  const watchLater = playlist.kind === 'watchLater';
  const [title, setTitle] = useState(playlist.title);
  const [description, setDescription] = useState(playlist.description ?? '');
  const [visibility, setVisibility] = useState<Visibility>(playlist.visibility);
  const ids = { title: useId(), description: useId(), visibility: useId() };

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    await update.mutateAsync({ id: playlist.id, fields: watchLater ? { description } : { title: title.trim(), description, visibility } });
    onDone();
  };

  return (
    <form className="mt-3" style={{ maxWidth: 560 }} onSubmit={(event) => void onSubmit(event).catch(() => undefined)} aria-label="Edit playlist">
      {!watchLater && (
        <div className="mb-2">
          <label className="form-label small mb-1" htmlFor={ids.title}>
            Title
          </label>
          <input id={ids.title} className="form-control" maxLength={150} required value={title} onChange={(event) => setTitle(event.target.value)} />
        </div>
      )}
      <div className="mb-2">
        <label className="form-label small mb-1" htmlFor={ids.description}>
          Description
        </label>
        <textarea
          id={ids.description}
          className="form-control"
          rows={3}
          maxLength={5000}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </div>
      {!watchLater && (
        <div className="mb-2">
          <label className="form-label small mb-1" htmlFor={ids.visibility}>
            Visibility
          </label>
          <VisibilitySelect id={ids.visibility} value={visibility} onChange={setVisibility} />
        </div>
      )}
      {update.isError && (
        <div className="small text-danger mb-2" role="alert">
          {errorMessage(update.error)}
        </div>
      )}
      <button type="submit" className="btn btn-dark btn-sm" disabled={update.isPending}>
        Save changes
      </button>
    </form>
  );
}

function PlaylistItems({ playlist, own }: { playlist: Playlist; own: boolean }) {
  const items = usePlaylistItems(playlist.id);
  const move = useMovePlaylistItem();
  const remove = useRemovePlaylistItem();
  if (items.isPending) return <Spinner label="Loading videos…" />;
  if (items.isError) return <ErrorAlert error={items.error} onRetry={() => void items.refetch()} />;
  const all = items.data.pages.flatMap((page) => page.items);
  if (all.length === 0)
    return (
      <EmptyState icon={collectionPlayIcon} title="No videos here yet">
        Use Save under a video to add it.
      </EmptyState>
    );

  return (
    <>
      {(move.isError || remove.isError) && (
        <div className="alert alert-danger" role="alert">
          {errorMessage(move.error ?? remove.error)}
        </div>
      )}
      <ol className="list-unstyled mb-0" aria-label="Videos in this playlist" data-testid="playlist-items">
        {all.map((item, index) => (
          <PlaylistRow
            key={item.itemId}
            item={item}
            playlistId={playlist.id}
            own={own}
            busy={move.isPending || remove.isPending}
            onMove={index > 0 || index < all.length - 1 ? (position) => move.mutate({ playlistId: playlist.id, itemId: item.itemId, position }) : undefined}
            onRemove={() => remove.mutate({ playlistId: playlist.id, itemId: item.itemId })}
            last={index === all.length - 1}
          />
        ))}
      </ol>
      {items.hasNextPage && (
        <div className="text-center py-3">
          <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => void items.fetchNextPage()}>
            Show more
          </button>
        </div>
      )}
    </>
  );
}

type RowProps = {
  item: PlaylistItem;
  playlistId: string;
  own: boolean;
  busy: boolean;
  last: boolean;
  onMove?: (position: number) => void;
  onRemove: () => void;
};

function PlaylistRow({ item, playlistId, own, busy, last, onMove, onRemove }: RowProps) {
  const { video } = item;
  return (
    <li className="d-flex align-items-center gap-3 py-2 border-bottom" data-testid="playlist-item">
      <span className="text-body-secondary small text-end" style={{ width: '2ch' }}>
        <span className="visually-hidden">Position </span>
        {item.position}
      </span>
      <Link to={`/watch/${video.id}?list=${playlistId}`} className="flex-shrink-0" style={{ width: 160 }} tabIndex={-1} aria-hidden="true">
        <VideoThumbnail video={video} sizes="160px" />
      </Link>
      <div className="flex-grow-1 min-w-0">
        <Link to={`/watch/${video.id}?list=${playlistId}`} className="fw-semibold text-body text-decoration-none d-block text-truncate">
          {video.title}
        </Link>
        <div className="small text-body-secondary text-truncate">{video.uploader.displayName || video.uploader.username}</div>
      </div>
      {own && (
        <div className="btn-group btn-group-sm flex-shrink-0">
          <button
            type="button"
            className="btn btn-outline-secondary"
            aria-label={`Move ${video.title} up`}
            disabled={busy || item.position === 1 || !onMove}
            onClick={() => onMove?.(item.position - 1)}
          >
            <Icon icon={arrowUpIcon} />
          </button>
          <button
            type="button"
            className="btn btn-outline-secondary"
            aria-label={`Move ${video.title} down`}
            disabled={busy || last || !onMove}
            onClick={() => onMove?.(item.position + 1)}
          >
            <Icon icon={arrowDownIcon} />
          </button>
          <button type="button" className="btn btn-outline-danger" aria-label={`Remove ${video.title}`} disabled={busy} onClick={onRemove}>
            <Icon icon={xLgIcon} />
          </button>
        </div>
      )}
    </li>
  );
}
