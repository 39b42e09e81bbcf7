type SpinnerProps = { label?: string; className?: string };

export function Spinner({ label = 'Loading…', className = '' }: SpinnerProps) {
  return (
    <div className={`d-flex justify-content-center py-4 ${className}`}>
      <div className="spinner-border text-secondary" role="status">
        <span className="visually-hidden">{label}</span>
      </div>
    </div>
  );
}
