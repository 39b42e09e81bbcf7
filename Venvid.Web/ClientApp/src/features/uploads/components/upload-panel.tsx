import type { ReactNode } from 'react';
import { useUploadStore } from '../stores/upload-store';
import { ResumableUploads } from './resumable-uploads';
import { UploadDropzone } from './upload-dropzone';
import { UploadItem } from './upload-item';

type UploadPanelProps = { renderProcessing: (videoId: string) => ReactNode };

export function UploadPanel({ renderProcessing }: UploadPanelProps) {
  const items = useUploadStore((state) => state.items);
  const addFiles = useUploadStore((state) => state.addFiles);
  const activeUploadIds = new Set(items.flatMap((item) => (item.uploadId ? [item.uploadId] : [])));

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
