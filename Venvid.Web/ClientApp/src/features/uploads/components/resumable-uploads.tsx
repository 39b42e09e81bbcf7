import { useState } from 'react';
import { Icon } from '@/components/ui/icon';
import { hourglassSplitIcon } from '@/components/ui/icons';
import { formatBytes } from '@/lib/format';
import { useAbortUpload } from '../api/abort-upload';
import { loadResumeRecords, removeResumeRecord, type ResumeRecord } from '../utils/resume-records';

/** Uploads interrupted by a reload or a closed tab: picking the same file again continues them. */
export function ResumableUploads({ activeUploadIds }: { activeUploadIds: ReadonlySet<string> }) {
  const [records, setRecords] = useState<ResumeRecord[]>(() => loadResumeRecords());
  const abort = useAbortUpload();
  const pending = records.filter((record) => !activeUploadIds.has(record.uploadId));
  if (pending.length === 0) return null;

  const discard = (record: ResumeRecord) => {
    removeResumeRecord(record.uploadId);
    setRecords(loadResumeRecords());
    abort.mutate(record.uploadId);
  };

  return (
    <section className="alert alert-info" aria-labelledby="resumable-heading">
      <h2 className="h6" id="resumable-heading">
        Unfinished uploads
      </h2>
      <p className="small mb-2">Choose the same file again to continue where it stopped.</p>
      <ul className="list-unstyled mb-0">
        {pending.map((record) => (
          <li key={record.uploadId} className="d-flex align-items-center gap-2 py-1">
            <Icon icon={hourglassSplitIcon} />
            <span className="flex-grow-1 text-truncate">
              <strong>{record.title}</strong>{' '}
              <span className="small">
                ({record.fileName}, {formatBytes(record.sizeBytes)})
              </span>
            </span>
            <button type="button" className="btn btn-sm btn-outline-secondary" onClick={() => discard(record)}>
              Discard
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
