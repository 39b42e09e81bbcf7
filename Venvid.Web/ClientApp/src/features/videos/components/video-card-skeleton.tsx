export function VideoCardSkeleton() {
  return (
    <div className="video-card placeholder-glow" aria-hidden="true">
      <div className="ratio ratio-16x9 rounded-3 placeholder bg-secondary-subtle" />
      <div className="pt-2">
        <span className="placeholder col-10 mb-1" />
        <span className="placeholder col-6 placeholder-sm d-block mb-1" />
        <span className="placeholder col-8 placeholder-sm d-block" />
      </div>
    </div>
  );
}
