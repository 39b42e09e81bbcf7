import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { useNavigate } from 'react-router';
import { Icon } from '@/components/ui/icon';
import { bookmarkPlusIcon } from '@/components/ui/icons';
import { errorMessage } from '@/lib/problem-details';
import { useIsSignedIn } from '@/stores/session-store';
import { useMyPlaylists } from '../api/get-my-playlists';
import { useSavedIn } from '../api/get-saved-in';
import { useCreatePlaylist, useToggleSaved } from '../api/edit-playlists';

/** The watch page's Save button: Watch later and each playlist as a checkbox, and a new playlist in place. */
export function SaveMenu({ videoId }: { videoId: string }) {
  const signedIn = useIsSignedIn();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const onClick = () => {
    if (!signedIn) {
      void navigate(`/login?redirect=${encodeURIComponent(`/watch/${videoId}`)}`);
      return;
    }
    setOpen((value) => !value);
  };

  return (
    <div className="position-relative" ref={root}>
      <button
        type="button"
        className="btn btn-outline-secondary rounded-pill"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="save-button"
        onClick={onClick}
      >
        <Icon icon={bookmarkPlusIcon} className="me-2" />
        Save
      </button>
      {open && <SavePanel id={panelId} videoId={videoId} />}
    </div>
  );
}

function SavePanel({ id, videoId }: { id: string; videoId: string }) {
  const playlists = useMyPlaylists();
  const saved = useSavedIn(videoId);
  const toggle = useToggleSaved();
  // The click's answer at once (a checkbox must not flip back while its request runs); the cache takes over after.
  const [clicked, setClicked] = useState<Record<string, boolean>>({});
  const all = playlists.data?.pages.flatMap((page) => page.items) ?? [];
  const itemIn = new Map((saved.data?.items ?? []).map((item) => [item.playlistId, item.itemId]));
  const onToggle = (playlistId: string, save: boolean) => {
    setClicked((current) => ({ ...current, [playlistId]: save }));
    toggle.mutate({ playlistId, videoId, save, itemId: itemIn.get(playlistId) }, { onSettled: () => setClicked(({ [playlistId]: _done, ...rest }) => rest) });
  };

  return (
    <div id={id} className="save-panel card shadow-sm p-3" role="group" aria-label="Save to playlists" data-testid="save-panel">
      <div className="fw-semibold mb-2">Save to…</div>
      {playlists.isPending || saved.isPending ? (
        <div className="small text-body-secondary">Loading your playlists…</div>
      ) : (
        <ul className="list-unstyled mb-2">
          {all.map((playlist) => {
            const checked = clicked[playlist.id] ?? itemIn.has(playlist.id);
            const inputId = `${id}-${playlist.id}`;
            return (
              <li className="form-check" key={playlist.id}>
                <input
                  className="form-check-input"
                  type="checkbox"
                  id={inputId}
                  checked={checked}
                  disabled={toggle.isPending}
                  onChange={() => onToggle(playlist.id, !checked)}
                />
                <label className="form-check-label" htmlFor={inputId}>
                  {playlist.title}
                  {playlist.visibility !== 'private' && <span className="visually-hidden"> ({playlist.visibility})</span>}
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {toggle.isError && (
        <div className="small text-danger mb-2" role="alert">
          {errorMessage(toggle.error)}
        </div>
      )}
      <NewPlaylistForm videoId={videoId} />
    </div>
  );
}

function NewPlaylistForm({ videoId }: { videoId: string }) {
  const create = useCreatePlaylist();
  const save = useToggleSaved();
  const [title, setTitle] = useState('');
  const inputId = useId();

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const name = title.trim();
    if (!name) return;
    const playlist = await create.mutateAsync({ title: name });
    await save.mutateAsync({ playlistId: playlist.id, videoId, save: true });
    create.reset();
    setTitle('');
  };

  return (
    <form className="border-top pt-2" onSubmit={(event) => void onSubmit(event).catch(() => undefined)}>
      <label className="form-label small mb-1" htmlFor={inputId}>
        New playlist
      </label>
      <div className="input-group input-group-sm">
        <input id={inputId} className="form-control" maxLength={150} value={title} onChange={(event) => setTitle(event.target.value)} placeholder="Name" />
        <button type="submit" className="btn btn-dark" disabled={!title.trim() || create.isPending}>
          Create
        </button>
      </div>
      {create.isError && (
        <div className="small text-danger mt-1" role="alert">
          {errorMessage(create.error)}
        </div>
      )}
    </form>
  );
}
