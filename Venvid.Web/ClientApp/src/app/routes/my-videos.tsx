import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Icon } from '@/components/ui/icon';
import { cloudArrowUpIcon, pencilIcon, trashIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { errorMessage } from '@/lib/problem-details';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useDeleteVideo } from '@/features/videos/api/delete-video';
import { getMyVideosQueryOptions } from '@/features/videos/api/get-my-videos';
import { isInProgress } from '@/features/videos/api/watch-video-events';
import { VideoGrid } from '@/features/videos/components/video-grid';
import { VideoStatusBadge } from '@/features/videos/components/video-status-badge';
import type { Video } from '@/types/api';

export default function MyVideosRoute() {
  useDocumentTitle('Your videos');
  const query = useInfiniteQuery({
    ...getMyVideosQueryOptions(),
    // Keep statuses and progress moving while anything is still being processed.
    refetchInterval: (q) => (q.state.data?.pages.some((page) => page.items.some((video) => isInProgress(video))) ? 3000 : false),
  });
  const deleteVideo = useDeleteVideo();
  const [pendingDelete, setPendingDelete] = useState<Video | null>(null);

  return (
    <div className="page-container">
      <PageHeader
        title="Your videos"
        subtitle="Everything you uploaded, in every state"
        actions={
          <Link to="/upload" className="btn btn-primary btn-sm">
            <Icon icon={cloudArrowUpIcon} className="me-1" />
            Upload
          </Link>
        }
      />
      {deleteVideo.isError && (
        <div className="alert alert-danger" role="alert">
          {errorMessage(deleteVideo.error)}
        </div>
      )}
      <VideoGrid
        query={query}
        label="Your videos"
        headingLevel={2}
        emptyTitle="You haven't uploaded anything yet"
        emptyHint={
          <Link to="/upload" className="btn btn-primary">
            Upload a video
          </Link>
        }
        renderFooter={(video) => (
          <div className="d-flex align-items-center gap-2 mt-2">
            <VideoStatusBadge video={video} />
            <span className="badge text-bg-light border text-capitalize">{video.visibility}</span>
            <span className="flex-grow-1" />
            <Link to={`/me/videos/${video.id}/edit`} className="btn btn-sm btn-outline-secondary" aria-label={`Edit ${video.title}`}>
              <Icon icon={pencilIcon} />
            </Link>
            <button type="button" className="btn btn-sm btn-outline-danger" aria-label={`Delete ${video.title}`} onClick={() => setPendingDelete(video)}>
              <Icon icon={trashIcon} />
            </button>
          </div>
        )}
      />
      {pendingDelete && (
        <ConfirmDialog
          title="Delete video?"
          message={`“${pendingDelete.title}” and its media will be removed for good.`}
          confirmLabel="Delete"
          busy={deleteVideo.isPending}
          onCancel={() => setPendingDelete(null)}
          onConfirm={() => deleteVideo.mutate(pendingDelete.id, { onSettled: () => setPendingDelete(null) })}
        />
      )}
    </div>
  );
}
