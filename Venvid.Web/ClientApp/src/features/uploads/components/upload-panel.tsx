import { useEffect, type ReactNode } from 'react';
import { useUploadStore } from '../stores/upload-store';
import { ResumableUploads } from './resumable-uploads';
import { UploadDropzone } from './upload-dropzone';
import { UploadItem } from './upload-item';

type UploadPanelProps = { renderProcessing: (videoId: string) => ReactNode };

export function UploadPanel({ renderProcessing }: UploadPanelProps) {
  const items = useUploadStore((state) => state.items);
  const addFiles = useUploadStore((state) => state.addFiles);
  const activeUploadIds = new Set(items.flatMap((item) => (item.uploadId ? [item.uploadId] : [])));
  const transferring = items.some((item) => item.phase === 'starting' || item.phase === 'uploading' || item.phase === 'completing');

  useEffect(() => {
    if (!transferring) return;
    // Leaving mid-upload is recoverable (pick the file again), but worth a warning.
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [transferring]);

  return (
    <>
      <ResumableUploads activeUploadIds={activeUploadIds} />
      <UploadDropzone onFiles={addFiles} />
      {items.length > 0 && (
        <ul className="list-unstyled mt-4" aria-label="Uploads">
          {items.map((item) => (
            <UploadItem key={item.key} item={item} renderProcessing={renderProcessing} />
          ))}
        </ul>
      )}
    </>
  );
}
