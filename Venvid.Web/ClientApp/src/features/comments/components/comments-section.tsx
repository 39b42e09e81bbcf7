import { useId, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatCount, formatRelativeTime } from '@/lib/format';
import { errorMessage } from '@/lib/problem-details';
import { useIsSignedIn } from '@/stores/session-store';
import type { Comment } from '@/types/api';
import { useComments, type CommentSort } from '../api/get-comments';
import { useReplies } from '../api/get-replies';
import { useDeleteComment, useEditComment, usePostComment } from '../api/edit-comments';

type Viewer = { id: string | null; uploaderId: string };

type CommentsSectionProps = {
  videoId: string;
  uploaderId: string;
  commentCount: number;
  /** The signed-in user's id, or null. */
  meId: string | null;
  /** Called after a comment was posted or deleted (the video's count changed). */
  onChanged?: () => void;
};

export function CommentsSection({ videoId, uploaderId, commentCount, meId, onChanged }: CommentsSectionProps) {
  const [sort, setSort] = useState<CommentSort>('new');
  const threads = useComments(videoId, sort);
  const viewer = { id: meId, uploaderId };
  const sortId = useId();
  const all = threads.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="mt-4" aria-labelledby="comments-heading" data-testid="comments">
      <div className="d-flex align-items-center gap-3 mb-3">
        <h2 className="h5 mb-0" id="comments-heading" data-testid="comment-count">
          {formatCount(commentCount, 'comment')}
        </h2>
        <label className="visually-hidden" htmlFor={sortId}>
          Sort comments
        </label>
        <select id={sortId} className="form-select form-select-sm w-auto" value={sort} onChange={(event) => setSort(event.target.value as CommentSort)}>
          <option value="new">Newest first</option>
          <option value="old">Oldest first</option>
        </select>
      </div>
      <CommentForm videoId={videoId} label="Add a comment" onPosted={onChanged} />
      {threads.isError && <ErrorAlert error={threads.error} onRetry={() => void threads.refetch()} />}
      <ul className="list-unstyled mb-0" aria-label="Comments">
        {all.map((comment) => (
          <li key={comment.id}>
            <CommentItem comment={comment} videoId={videoId} viewer={viewer} onChanged={onChanged} />
          </li>
        ))}
      </ul>
      {threads.hasNextPage && (
        <button type="button" className="btn btn-link btn-sm" disabled={threads.isFetchingNextPage} onClick={() => void threads.fetchNextPage()}>
          Show more comments
        </button>
      )}
    </section>
  );
}

function CommentForm({
  videoId,
  parentId,
  label,
  onPosted,
  onCancel,
}: {
  videoId: string;
  parentId?: string;
  label: string;
  onPosted?: () => void;
  onCancel?: () => void;
}) {
  const signedIn = useIsSignedIn();
  const post = usePostComment(videoId);
  const [text, setText] = useState('');
  const inputId = useId();
  if (!signedIn) {
    return parentId ? null : (
      <p className="small text-body-secondary">
        <Link to={`/login?redirect=${encodeURIComponent(`/watch/${videoId}`)}`}>Sign in</Link> to comment.
      </p>
    );
  }

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    await post.mutateAsync({ text: text.trim(), parentId });
    setText('');
    onPosted?.();
    onCancel?.();
  };

  return (
    <form className="mb-3" onSubmit={(event) => void onSubmit(event).catch(() => undefined)}>
      <label className="visually-hidden" htmlFor={inputId}>
        {label}
      </label>
      <textarea
        id={inputId}
        className="form-control"
        rows={parentId ? 1 : 2}
        maxLength={5000}
        placeholder={label}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      {post.isError && (
        <div className="small text-danger mt-1" role="alert">
          {errorMessage(post.error)}
        </div>
      )}
      <div className="d-flex gap-2 justify-content-end mt-2">
        {onCancel && (
          <button type="button" className="btn btn-sm btn-outline-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="btn btn-sm btn-dark" disabled={!text.trim() || post.isPending}>
          {parentId ? 'Reply' : 'Comment'}
        </button>
      </div>
    </form>
  );
}

function CommentItem({ comment, videoId, viewer, onChanged }: { comment: Comment; videoId: string; viewer: Viewer; onChanged?: () => void }) {
  const [replying, setReplying] = useState(false);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [showReplies, setShowReplies] = useState(false);
  const remove = useDeleteComment(videoId);
  const author = comment.author.displayName || comment.author.username;
  const mine = viewer.id === comment.author.id;
  const mayDelete = !comment.deleted && (mine || viewer.id === viewer.uploaderId);
  const thread = comment.parentId ?? comment.id;

  return (
    <article className="d-flex gap-2 py-2" data-testid="comment" aria-label={comment.deleted ? 'Deleted comment' : `Comment by ${author}`}>
      <span className="avatar-circle flex-shrink-0" style={{ width: 32, height: 32, fontSize: '0.875rem' }} aria-hidden="true">
        {comment.deleted ? '·' : author.charAt(0).toUpperCase()}
      </span>
      <div className="flex-grow-1 min-w-0">
        {comment.deleted ? (
          <p className="mb-1 text-body-secondary fst-italic">This comment was deleted.</p>
        ) : (
          <>
            <div className="small">
              <Link to={`/@${comment.author.username}`} className="fw-semibold text-body text-decoration-none">
                {author}
              </Link>
              <span className="text-body-secondary ms-2">
                <time dateTime={comment.createdAt}>{formatRelativeTime(comment.createdAt)}</time>
                {comment.editedAt && ' (edited)'}
              </span>
            </div>
            {editing ? (
              <EditForm comment={comment} videoId={videoId} onDone={() => setEditing(false)} />
            ) : (
              <p className="mb-1 comment-text" data-testid="comment-text">
                {comment.text}
              </p>
            )}
          </>
        )}
        <div className="d-flex gap-1">
          {!comment.deleted && viewer.id && (
            <button type="button" className="btn btn-link btn-sm px-1" onClick={() => setReplying((value) => !value)}>
              Reply
            </button>
          )}
          {mine && !comment.deleted && !editing && (
            <button type="button" className="btn btn-link btn-sm px-1" onClick={() => setEditing(true)}>
              Edit
            </button>
          )}
          {mayDelete && (
            <button type="button" className="btn btn-link btn-sm px-1 text-danger" onClick={() => setDeleting(true)}>
              Delete
            </button>
          )}
        </div>
        {replying && (
          <CommentForm
            videoId={videoId}
            parentId={thread}
            label={`Reply to ${author}`}
            onPosted={() => {
              setShowReplies(true);
              onChanged?.();
            }}
            onCancel={() => setReplying(false)}
          />
        )}
        {!comment.parentId && comment.replyCount > 0 && (
          <>
            <button type="button" className="btn btn-link btn-sm px-1" aria-expanded={showReplies} onClick={() => setShowReplies((value) => !value)}>
              {showReplies ? 'Hide replies' : `View ${formatCount(comment.replyCount, 'reply', 'replies')}`}
            </button>
            {showReplies && <Replies commentId={comment.id} videoId={videoId} viewer={viewer} onChanged={onChanged} />}
          </>
        )}
        {remove.isError && (
          <div className="small text-danger" role="alert">
            {errorMessage(remove.error)}
          </div>
        )}
      </div>
      {deleting && (
        <ConfirmDialog
          title="Delete this comment?"
          message="It will be removed for everyone."
          confirmLabel="Delete comment"
          busy={remove.isPending}
          onCancel={() => setDeleting(false)}
          onConfirm={() =>
            remove.mutate(comment, {
              onSuccess: () => {
                setDeleting(false);
                onChanged?.();
              },
            })
          }
        />
      )}
    </article>
  );
}

function Replies({ commentId, videoId, viewer, onChanged }: { commentId: string; videoId: string; viewer: Viewer; onChanged?: () => void }) {
  const replies = useReplies(commentId);
  const all = replies.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <ul className="list-unstyled mb-0 ms-2" aria-label="Replies">
      {all.map((reply) => (
        <li key={reply.id}>
          <CommentItem comment={reply} videoId={videoId} viewer={viewer} onChanged={onChanged} />
        </li>
      ))}
      {replies.hasNextPage && (
        <li>
          <button type="button" className="btn btn-link btn-sm" onClick={() => void replies.fetchNextPage()}>
            More replies
          </button>
        </li>
      )}
    </ul>
  );
}

function EditForm({ comment, videoId, onDone }: { comment: Comment; videoId: string; onDone: () => void }) {
  const edit = useEditComment(videoId);
  const [text, setText] = useState(comment.text);
  const inputId = useId();
  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    await edit.mutateAsync({ id: comment.id, text: text.trim() });
    onDone();
  };
  return (
    <form className="my-1" onSubmit={(event) => void onSubmit(event).catch(() => undefined)}>
      <label className="visually-hidden" htmlFor={inputId}>
        Edit comment
      </label>
      <textarea
        id={inputId}
        className="form-control form-control-sm"
        rows={2}
        maxLength={5000}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      {edit.isError && (
        <div className="small text-danger mt-1" role="alert">
          {errorMessage(edit.error)}
        </div>
      )}
      <div className="d-flex gap-2 justify-content-end mt-1">
        <button type="button" className="btn btn-sm btn-outline-secondary" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn btn-sm btn-dark" disabled={!text.trim() || edit.isPending}>
          Save
        </button>
      </div>
    </form>
  );
}
