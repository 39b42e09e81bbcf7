import type { ReactNode } from 'react';

type EmptyStateProps = { icon?: string; title: string; children?: ReactNode };

export function EmptyState({ icon = 'bi-camera-video', title, children }: EmptyStateProps) {
  return (
    <div className="text-center text-body-secondary py-5" data-testid="empty-state">
      <i className={`bi ${icon} display-5 d-block mb-3`} aria-hidden="true" />
      <p className="fs-5 mb-2 text-body">{title}</p>
      {children}
    </div>
  );
}
