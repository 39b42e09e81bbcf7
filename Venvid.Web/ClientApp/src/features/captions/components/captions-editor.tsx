import { useId, useRef, useState, type SubmitEvent } from 'react';
import { Icon } from '@/components/ui/icon';
import { trashIcon } from '@/components/ui/icons';
import { errorMessage } from '@/lib/problem-details';
import type { Video } from '@/types/api';
import { MAX_CAPTION_BYTES, useDeleteCaption, usePutCaption } from '../api/edit-captions';

/** Languages offered first; any other BCP 47 tag (e.g. pt-BR) can be typed. */
const COMMON_LANGUAGES = [
  ['en', 'English'],
  ['fr', 'French'],
  ['es', 'Spanish'],
  ['de', 'German'],
  ['pt', 'Portuguese'],
  ['it', 'Italian'],
  ['nl', 'Dutch'],
  ['ja', 'Japanese'],
  ['ko', 'Korean'],
  ['zh', 'Chinese'],
  ['ar', 'Arabic'],
  ['hi', 'Hindi'],
] as const;

/** A video's captions: the list (with delete) and a form to add or replace one language from a .vtt or .srt file. */
export function CaptionsEditor({ video }: { video: Video }) {
  const put = usePutCaption();
  const remove = useDeleteCaption();
  const [language, setLanguage] = useState('en');
  const [label, setLabel] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const languageId = useId();
  const labelId = useId();
  const fileId = useId();
  const listId = useId();
  const ready = video.status === 'ready';

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!file) return;
    await put.mutateAsync({ videoId: video.id, language: language.trim(), label: label.trim() || undefined, file });
    setFile(null);
    setLabel('');
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <section aria-labelledby={`${listId}-heading`} className="mt-4" data-testid="captions-editor">
      <h2 className="h5" id={`${listId}-heading`}>
        Captions
      </h2>
      {video.captions.length === 0 ? (
        <p className="text-body-secondary small">No captions yet.</p>
      ) : (
        <ul className="list-group mb-3" aria-label="Captions of this video">
          {video.captions.map((caption) => (
            <li key={caption.language} className="list-group-item d-flex align-items-center gap-2" data-testid="caption-row">
              <span className="fw-semibold">{caption.label}</span>
              <span className="badge text-bg-light border">{caption.language}</span>
              <span className="flex-grow-1" />
              <a href={caption.url} className="small" download>
                WebVTT file
              </a>
              <button
                type="button"
                className="btn btn-sm btn-outline-danger"
                aria-label={`Delete ${caption.label} captions`}
                disabled={remove.isPending}
                onClick={() => remove.mutate({ videoId: video.id, language: caption.language })}
              >
                <Icon icon={trashIcon} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {remove.isError && (
        <div className="alert alert-danger small" role="alert">
          {errorMessage(remove.error)}
        </div>
      )}
      {ready ? (
        <form className="row g-2 align-items-end" onSubmit={(event) => void onSubmit(event).catch(() => undefined)} aria-label="Add captions">
          <div className="col-sm-3">
            <label className="form-label small mb-1" htmlFor={languageId}>
              Language
            </label>
            <input
              id={languageId}
              className="form-control"
              list={`${languageId}-options`}
              value={language}
              required
              maxLength={35}
              onChange={(event) => setLanguage(event.target.value)}
            />
            <datalist id={`${languageId}-options`}>
              {COMMON_LANGUAGES.map(([tag, name]) => (
                <option key={tag} value={tag}>
                  {name}
                </option>
              ))}
            </datalist>
          </div>
          <div className="col-sm-3">
            <label className="form-label small mb-1" htmlFor={labelId}>
              Label (optional)
            </label>
            <input
              id={labelId}
              className="form-control"
              maxLength={100}
              value={label}
              placeholder="e.g. English (CC)"
              onChange={(event) => setLabel(event.target.value)}
            />
          </div>
          <div className="col-sm-4">
            <label className="form-label small mb-1" htmlFor={fileId}>
              Caption file (.vtt or .srt, up to 1 MiB)
            </label>
            <input
              id={fileId}
              ref={fileInput}
              type="file"
              className={`form-control${tooLarge ? ' is-invalid' : ''}`}
              accept=".vtt,.srt,text/vtt,application/x-subrip"
              required
              onChange={(event) => {
                const chosen = event.target.files?.[0] ?? null;
                setTooLarge(Boolean(chosen && chosen.size > MAX_CAPTION_BYTES));
                setFile(chosen && chosen.size <= MAX_CAPTION_BYTES ? chosen : null);
              }}
            />
          </div>
          <div className="col-sm-2">
            <button type="submit" className="btn btn-dark w-100" disabled={!file || put.isPending}>
              {put.isPending ? 'Adding…' : 'Add'}
            </button>
          </div>
          {tooLarge && (
            <div className="col-12 small text-danger" role="alert">
              That file is larger than 1 MiB.
            </div>
          )}
          {put.isError && (
            <div className="col-12 small text-danger" role="alert" data-testid="caption-error">
              {errorMessage(put.error)}
            </div>
          )}
        </form>
      ) : (
        <p className="small text-body-secondary">Captions can be added once the video has been processed.</p>
      )}
    </section>
  );
}
