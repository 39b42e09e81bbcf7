import { errorMessage } from '@/lib/problem-details';

type ErrorAlertProps = { error: unknown; onRetry?: () => void };

export function ErrorAlert({ error, onRetry }: ErrorAlertProps) {
  return (
    <div className="alert alert-danger d-flex align-items-center gap-3" role="alert">
      <i className="bi bi-exclamation-triangle-fill" aria-hidden="true" />
      <span className="flex-grow-1">{errorMessage(error)}</span>
      {onRetry && (
        <button type="button" className="btn btn-sm btn-outline-danger" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
