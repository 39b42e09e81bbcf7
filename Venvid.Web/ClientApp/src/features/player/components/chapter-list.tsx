import { formatDuration } from '@/lib/format';
import type { Chapter } from '@/types/api';

type ChapterListProps = { chapters: Chapter[]; current: Chapter | null; onChoose: (chapter: Chapter) => void };

/** The video's chapters under the player, the playing one marked; choosing one plays from its start. */
export function ChapterList({ chapters, current, onChoose }: ChapterListProps) {
  return (
    <nav className="player-chapters mt-2" aria-label="Chapters" data-testid="chapters">
      <ol className="list-unstyled d-flex flex-wrap gap-2 mb-0">
        {chapters.map((chapter) => (
          <li key={chapter.startSeconds}>
            <button
              type="button"
              className={`btn btn-sm ${current === chapter ? 'btn-dark' : 'btn-outline-secondary'}`}
              aria-current={current === chapter ? true : undefined}
              onClick={() => onChoose(chapter)}
            >
              <span className="font-monospace me-1">{formatDuration(chapter.startSeconds)}</span>
              {chapter.title}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
