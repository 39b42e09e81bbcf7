import { useId, useState, type SubmitEvent } from 'react';
import { VisibilitySelect } from '@/components/ui/visibility-select';
import { useNavigate } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorAlert } from '@/components/ui/error-alert';
import { collectionPlayIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { Spinner } from '@/components/ui/spinner';
import { useCreatePlaylist } from '@/features/playlists/api/edit-playlists';
import { useMyPlaylists } from '@/features/playlists/api/get-my-playlists';
import { PlaylistCard } from '@/features/playlists/components/playlist-card';
import { errorMessage } from '@/lib/problem-details';
import { useDocumentTitle } from '@/lib/use-document-title';
import type { Visibility } from '@/types/api';

export default function PlaylistsRoute() {
  useDocumentTitle('Playlists');
  const playlists = useMyPlaylists();
  const all = playlists.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="page-container">
      <PageHeader title="Playlists" subtitle="Watch later first, then your playlists, most recently changed first" />
      <CreatePlaylistForm />
      {playlists.isPending ? (
        <Spinner label="Loading playlists…" />
      ) : playlists.isError ? (
        <ErrorAlert error={playlists.error} onRetry={() => void playlists.refetch()} />
      ) : all.length === 0 ? (
        <EmptyState icon={collectionPlayIcon} title="Playlists you make show up here" />
      ) : (
        <ul className="video-grid list-unstyled mb-0" aria-label="Your playlists">
          {all.map((playlist) => (
            <li key={playlist.id}>
              <PlaylistCard playlist={playlist} to={`/playlist/${playlist.id}`} headingLevel={2} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CreatePlaylistForm() {
  const create = useCreatePlaylist();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('private');
  const titleId = useId();
  const visibilityId = useId();

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const playlist = await create.mutateAsync({ title: title.trim(), visibility });
    void navigate(`/playlist/${playlist.id}`);
  };

  return (
    <form className="row g-2 align-items-end mb-4" onSubmit={(event) => void onSubmit(event).catch(() => undefined)} aria-label="New playlist">
      <div className="col-sm-6 col-lg-5">
        <label className="form-label small mb-1" htmlFor={titleId}>
          New playlist
        </label>
        <input id={titleId} className="form-control" maxLength={150} required value={title} onChange={(event) => setTitle(event.target.value)} />
      </div>
      <div className="col-auto">
        <label className="form-label small mb-1" htmlFor={visibilityId}>
          Visibility
        </label>
        <VisibilitySelect id={visibilityId} value={visibility} onChange={setVisibility} />
      </div>
      <div className="col-auto">
        <button type="submit" className="btn btn-dark" disabled={!title.trim() || create.isPending}>
          Create
        </button>
      </div>
      {create.isError && (
        <div className="col-12 small text-danger" role="alert">
          {errorMessage(create.error)}
        </div>
      )}
    </form>
  );
}
