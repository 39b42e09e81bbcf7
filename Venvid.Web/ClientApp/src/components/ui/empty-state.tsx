import type { ReactNode } from 'react';
import { Icon, type IconData } from './icon';
import { cameraVideoIcon } from './icons';

type EmptyStateProps = {
  icon?: IconData;
  title: string;
  /** `h1` when the empty state is the whole page (not found), so the page still has its heading. */
  titleAs?: 'h1' | 'p';
  children?: ReactNode;
};

export function EmptyState({ icon = cameraVideoIcon, title, titleAs: Title = 'p', children }: EmptyStateProps) {
  return (
    <div className="text-center text-body-secondary py-5" data-testid="empty-state">
      <div className="display-5 mb-3">
        <Icon icon={icon} />
      </div>
      <Title className="fs-5 fw-normal lh-base mb-2 text-body">{title}</Title>
      {children}
    </div>
  );
}
