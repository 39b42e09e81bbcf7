import { useId, type InputHTMLAttributes, type TextareaHTMLAttributes } from 'react';

type BaseProps = { label: string; error?: string; hint?: string };

type InputFieldProps = BaseProps & InputHTMLAttributes<HTMLInputElement> & { multiline?: false };
type TextareaFieldProps = BaseProps & TextareaHTMLAttributes<HTMLTextAreaElement> & { multiline: true };

/** A labelled input or textarea with its inline error wired to aria-invalid and aria-describedby. */
export function FormField(props: InputFieldProps | TextareaFieldProps) {
  const generated = useId();
  const id = props.id ?? generated;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [props.error ? errorId : null, props.hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const className = `form-control${props.error ? ' is-invalid' : ''}`;

  let control;
  if (props.multiline) {
    const { label: _label, error: _error, hint: _hint, multiline: _multiline, ...rest } = props;
    control = <textarea {...rest} id={id} className={className} aria-invalid={props.error ? true : undefined} aria-describedby={describedBy} />;
  } else {
    const { label: _label, error: _error, hint: _hint, multiline: _multiline, ...rest } = props;
    control = <input {...rest} id={id} className={className} aria-invalid={props.error ? true : undefined} aria-describedby={describedBy} />;
  }

  return (
    <div className="mb-3">
      <label htmlFor={id} className="form-label">
        {props.label}
      </label>
      {control}
      {props.hint && (
        <div id={hintId} className="form-text">
          {props.hint}
        </div>
      )}
      {props.error && (
        <div id={errorId} className="invalid-feedback">
          {props.error}
        </div>
      )}
    </div>
  );
}
