import type { ReactNode } from 'react';

type PageHeaderProps = { title: string; subtitle?: string; actions?: ReactNode };

export function PageHeader({ title, subtitle, actions }: PageHeaderProps) {
  return (
    <div className="d-flex align-items-end justify-content-between gap-3 border-bottom pb-2 mb-3">
      <div>
        <h1 className="h4 mb-0">{title}</h1>
        {subtitle && <p className="text-body-secondary small mb-0">{subtitle}</p>}
      </div>
      {actions}
    </div>
  );
}
