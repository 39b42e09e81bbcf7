import { useId, useState, type ReactNode, type SubmitEvent } from 'react';
import { VisibilitySelect } from '@/components/ui/visibility-select';
import { FormField } from '@/components/ui/form-field';
import { Icon } from '@/components/ui/icon';
import { fileEarmarkPlayIcon, pauseFillIcon, playFillIcon, xLgIcon } from '@/components/ui/icons';
import { formatBytes, formatEta } from '@/lib/format';
import { validate } from '@/lib/form';
import { useUploadStore, type UploadItem as Item } from '../stores/upload-store';
import { uploadDetailsSchema } from '../utils/upload-form-schema';

type UploadItemProps = { item: Item; renderProcessing: (videoId: string) => ReactNode };

export function UploadItem({ item, renderProcessing }: UploadItemProps) {
  const { update, start, pause, resume, remove } = useUploadStore.getState();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const visibilityId = useId();
  const percent = item.file.size > 0 ? Math.floor((item.uploadedBytes / item.file.size) * 100) : 0;
  const editable = item.phase === 'draft' || (item.phase === 'error' && !item.uploadId);
  const transferring = item.phase === 'starting' || item.phase === 'uploading' || item.phase === 'completing';

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const result = validate(uploadDetailsSchema, item);
    if (!result.success) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    void start(item.key);
  };

  return (
    <li className="card mb-3" data-testid="upload-item" aria-label={`Upload ${item.file.name}`}>
      <div className="card-body">
        <div className="d-flex align-items-start gap-3 mb-2">
          <Icon icon={fileEarmarkPlayIcon} className="fs-3 text-secondary" />
          <div className="flex-grow-1 min-w-0">
            <div className="fw-semibold text-truncate" title={item.file.name}>
              {item.file.name}
            </div>
            <div className="small text-body-secondary">
              {formatBytes(item.file.size)}
              {item.resumeOf && item.phase === 'draft' && <span className="ms-2 badge text-bg-info">Resumes an earlier upload</span>}
            </div>
          </div>
          <button type="button" className="btn btn-sm btn-outline-secondary" aria-label={`Remove ${item.file.name}`} onClick={() => void remove(item.key)}>
            <Icon icon={xLgIcon} />
          </button>
        </div>

        {editable ? (
          <form onSubmit={onSubmit} noValidate>
            <FormField
              label="Title"
              name="title"
              value={item.title}
              maxLength={100}
              error={errors.title}
              disabled={!item.contentType}
              onChange={(event) => update(item.key, { title: event.target.value })}
            />
            <FormField
              multiline
              label="Description"
              name="description"
              rows={2}
              value={item.description}
              error={errors.description}
              disabled={!item.contentType}
              onChange={(event) => update(item.key, { description: event.target.value })}
            />
            <div className="row g-2 align-items-end">
              <div className="col-sm-6">
                <label htmlFor={visibilityId} className="form-label">
                  Visibility
                </label>
                <VisibilitySelect
                  id={visibilityId}
                  value={item.visibility}
                  disabled={!item.contentType || Boolean(item.resumeOf)}
                  onChange={(visibility) => update(item.key, { visibility })}
                />
              </div>
              <div className="col-sm-6 text-sm-end">
                <button type="submit" className="btn btn-primary px-4" disabled={!item.contentType}>
                  Upload
                </button>
              </div>
            </div>
          </form>
        ) : (
          <div className="fw-semibold mb-2">{item.title}</div>
        )}

        {item.phase !== 'draft' && (
          <div className="mt-3">
            <div
              className="progress"
              role="progressbar"
              aria-label={`Upload progress for ${item.file.name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              data-testid="upload-progress"
            >
              <div
                className={`progress-bar${transferring ? ' progress-bar-striped progress-bar-animated' : ''}${item.phase === 'error' ? ' bg-danger' : ''}${item.phase === 'processing' ? ' bg-success' : ''}`}
                style={{ width: `${percent}%` }}
              />
            </div>
            <div className="d-flex flex-wrap align-items-center gap-2 mt-2 small">
              <span className="text-body-secondary">
                {percent}% · {formatBytes(item.uploadedBytes)} of {formatBytes(item.file.size)}
              </span>
              {item.phase === 'uploading' && item.bytesPerSecond > 0 && (
                <span className="text-body-secondary">
                  · {formatBytes(item.bytesPerSecond)}/s · {formatEta(item.secondsLeft)} left
                </span>
              )}
              {item.phase === 'starting' && <span className="text-body-secondary">Preparing…</span>}
              {item.phase === 'completing' && <span className="text-body-secondary">Finishing upload…</span>}
              {item.phase === 'paused' && <span className="text-warning-emphasis">Paused</span>}
              <span className="flex-grow-1" />
              {item.phase === 'uploading' && (
                <button type="button" className="btn btn-sm btn-outline-secondary" onClick={() => pause(item.key)}>
                  <Icon icon={pauseFillIcon} className="me-1" />
                  Pause
                </button>
              )}
              {(item.phase === 'paused' || (item.phase === 'error' && item.uploadId)) && (
                <button type="button" className="btn btn-sm btn-primary" onClick={() => void resume(item.key)}>
                  <Icon icon={playFillIcon} className="me-1" />
                  Resume
                </button>
              )}
            </div>
            {item.phase === 'processing' && item.videoId && <div className="mt-2">{renderProcessing(item.videoId)}</div>}
          </div>
        )}
        {item.error && (
          <div className="alert alert-danger small py-2 mt-2 mb-0" role="alert">
            {item.error}
          </div>
        )}
      </div>
    </li>
  );
}
