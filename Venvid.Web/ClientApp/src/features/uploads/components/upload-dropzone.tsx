import { useId, useRef, useState, type DragEvent } from 'react';
import { Icon } from '@/components/ui/icon';
import { cloudArrowUpIcon } from '@/components/ui/icons';

type UploadDropzoneProps = { onFiles: (files: File[]) => void };

export function UploadDropzone({ onFiles }: UploadDropzoneProps) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) onFiles(files);
  };

  return (
    // eslint-disable-next-line jsx-a11y/no-static-element-interactions -- a drop target only: the file input inside is how keyboards pick files
    <div
      className={`upload-dropzone rounded-3 p-4 p-md-5 text-center${dragging ? ' is-dragging' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="upload-dropzone"
    >
      <div className="display-4 text-primary mb-2">
        <Icon icon={cloudArrowUpIcon} />
      </div>
      <p className="fs-5 mb-1">Drag and drop video files here</p>
      <p className="text-body-secondary small mb-3">MP4, MOV, WebM, MKV… Several files at once are fine.</p>
      <label htmlFor={inputId} className="btn btn-primary">
        Choose files
      </label>
      <input
        ref={inputRef}
        id={inputId}
        type="file"
        accept="video/*"
        multiple
        className="visually-hidden"
        aria-label="Choose video files"
        data-testid="upload-file-input"
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          if (files.length > 0) onFiles(files);
          // Let the same file be picked again (e.g. after removing it).
          if (inputRef.current) inputRef.current.value = '';
        }}
      />
    </div>
  );
}
