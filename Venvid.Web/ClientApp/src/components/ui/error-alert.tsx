import { errorMessage } from '@/lib/problem-details';
import { Icon } from './icon';
import { exclamationTriangleFillIcon } from './icons';

type ErrorAlertProps = { error: unknown; onRetry?: () => void };

export function ErrorAlert({ error, onRetry }: ErrorAlertProps) {
  return (
    <div className="alert alert-danger d-flex align-items-center gap-3" role="alert">
      <Icon icon={exclamationTriangleFillIcon} />
      <span className="flex-grow-1">{errorMessage(error)}</span>
      {onRetry && (
        <button type="button" className="btn btn-sm btn-outline-danger" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
