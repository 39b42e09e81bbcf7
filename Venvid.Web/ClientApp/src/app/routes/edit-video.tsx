import { useId, useState, type SubmitEvent } from 'react';
import { VisibilitySelect } from '@/components/ui/visibility-select';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '@/components/ui/error-alert';
import { FormField } from '@/components/ui/form-field';
import { PageHeader } from '@/components/ui/page-header';
import { Spinner } from '@/components/ui/spinner';
import { CaptionsEditor } from '@/features/captions/components/captions-editor';
import { useUpdateVideo } from '@/features/videos/api/update-video';
import { useVideo } from '@/features/videos/api/get-video';
import { errorMessage, fieldErrorsFrom } from '@/lib/problem-details';
import { useDocumentTitle } from '@/lib/use-document-title';
import type { Video, Visibility } from '@/types/api';

/** The uploader's page for one video: its details (chapters come from timestamp lines in the description) and captions. */
export default function EditVideoRoute() {
  const { id = '' } = useParams();
  const video = useVideo(id);
  useDocumentTitle(video.data ? `Edit “${video.data.title}”` : 'Edit video');
  return (
    <div className="page-container narrow">
      <PageHeader title="Edit video" subtitle={video.data?.title} />
      {video.isPending ? (
        <Spinner label="Loading video…" />
      ) : video.isError ? (
        <ErrorAlert error={video.error} onRetry={() => void video.refetch()} />
      ) : (
        <>
          <DetailsForm video={video.data} />
          <CaptionsEditor video={video.data} />
        </>
      )}
    </div>
  );
}

function DetailsForm({ video }: { video: Video }) {
  const update = useUpdateVideo(video.id);
  const [title, setTitle] = useState(video.title);
  const [description, setDescription] = useState(video.description ?? '');
  const [visibility, setVisibility] = useState<Visibility>(video.visibility);
  const [saved, setSaved] = useState(false);
  const visibilityId = useId();
  const errors = fieldErrorsFrom(update.error);

  /** Changes a field; "Saved" shows until the next change. */
  const change = <T,>(set: (value: T) => void, value: T) => {
    set(value);
    setSaved(false);
  };

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    await update.mutateAsync({ title: title.trim(), description, visibility });
    setSaved(true);
  };

  return (
    <form onSubmit={(event) => void onSubmit(event).catch(() => undefined)} aria-label="Video details">
      <FormField label="Title" value={title} maxLength={100} required error={errors.title} onChange={(event) => change(setTitle, event.target.value)} />
      <FormField
        label="Description"
        multiline
        rows={6}
        value={description}
        maxLength={5000}
        error={errors.description}
        hint="Lines that start with a time (0:00 Intro, 1:30 Demo…) become chapters, the first at 0:00."
        onChange={(event) => change(setDescription, event.target.value)}
      />
      <div className="mb-3">
        <label className="form-label" htmlFor={visibilityId}>
          Visibility
        </label>
        <VisibilitySelect id={visibilityId} value={visibility} onChange={(value) => change(setVisibility, value)} />
      </div>
      <div className="d-flex align-items-center gap-2">
        <button type="submit" className="btn btn-dark" disabled={update.isPending || !title.trim()}>
          Save changes
        </button>
        <Link to={`/watch/${video.id}`} className="btn btn-outline-secondary">
          Watch
        </Link>
        {saved && (
          <span className="small text-success" role="status">
            Saved
          </span>
        )}
      </div>
      {update.isError && Object.keys(errors).length === 0 && (
        <div className="small text-danger mt-2" role="alert">
          {errorMessage(update.error)}
        </div>
      )}
    </form>
  );
}
