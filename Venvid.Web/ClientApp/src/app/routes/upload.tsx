import { PageHeader } from '@/components/ui/page-header';
import { useDocumentTitle } from '@/lib/use-document-title';
import { CaptionsEditor } from '@/features/captions/components/captions-editor';
import { UploadPanel } from '@/features/uploads/components/upload-panel';
import { useVideo } from '@/features/videos/api/get-video';
import { VideoProcessingStatus } from '@/features/videos/components/video-processing-status';

export default function UploadRoute() {
  useDocumentTitle('Upload');
  return (
    <div className="page-container narrow">
      <PageHeader title="Upload videos" subtitle="Files go straight to storage in parts; you can pause and resume." />
      <UploadPanel
        renderProcessing={(videoId) => (
          <>
            <VideoProcessingStatus videoId={videoId} />
            <UploadCaptions videoId={videoId} />
          </>
        )}
      />
    </div>
  );
}

/** Once the video is processed, its captions can be added right here (or later on its edit page). */
function UploadCaptions({ videoId }: { videoId: string }) {
  const video = useVideo(videoId);
  if (video.data?.status !== 'ready') return null;
  return (
    <details className="mt-2" data-testid="upload-captions">
      <summary className="small">Add captions{video.data.captions.length > 0 ? ` (${video.data.captions.length})` : ''}</summary>
      <CaptionsEditor video={video.data} />
    </details>
  );
}
