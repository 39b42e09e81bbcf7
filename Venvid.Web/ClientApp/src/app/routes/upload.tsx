import { PageHeader } from '@/components/ui/page-header';
import { useDocumentTitle } from '@/lib/use-document-title';
import { UploadPanel } from '@/features/uploads/components/upload-panel';
import { VideoProcessingStatus } from '@/features/videos/components/video-processing-status';

export default function UploadRoute() {
  useDocumentTitle('Upload');
  return (
    <div className="page-container narrow">
      <PageHeader title="Upload videos" subtitle="Files go straight to storage in parts; you can pause and resume." />
      <UploadPanel renderProcessing={(videoId) => <VideoProcessingStatus videoId={videoId} />} />
    </div>
  );
}
