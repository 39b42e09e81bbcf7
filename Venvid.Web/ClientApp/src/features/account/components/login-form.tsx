import { useState, type SubmitEvent } from 'react';
import { FormField } from '@/components/ui/form-field';
import { validate } from '@/lib/form';
import { errorMessage, fieldErrorsFrom, isApiError } from '@/lib/problem-details';
import { loginInputSchema, useLogin } from '../api/login';

type LoginFormProps = { onSuccess: () => void };

/** Server field names that belong to the single "Email or username" box. */
const aliases = { email: 'login', username: 'login', userName: 'login' };

export function LoginForm({ onSuccess }: LoginFormProps) {
  const [values, setValues] = useState({ login: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const loginMutation = useLogin();

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    setFormError(null);
    const result = validate(loginInputSchema, values);
    if (!result.success) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    loginMutation.mutate(result.data, {
      onSuccess,
      onError: (error) => {
        const fields = fieldErrorsFrom(error, aliases);
        setErrors(fields);
        if (isApiError(error) && error.status === 401) setFormError('Wrong email, username or password.');
        else if (Object.keys(fields).length === 0) setFormError(errorMessage(error));
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Sign in">
      {formError && (
        <div className="alert alert-danger" role="alert">
          {formError}
        </div>
      )}
      <FormField
        label="Email or username"
        name="login"
        autoComplete="username"
        value={values.login}
        error={errors.login}
        onChange={(event) => setValues({ ...values, login: event.target.value })}
        // eslint-disable-next-line jsx-a11y/no-autofocus -- the sign-in page holds only this form; typing starts in its first field
        autoFocus
      />
      <FormField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={values.password}
        error={errors.password}
        onChange={(event) => setValues({ ...values, password: event.target.value })}
      />
      <button type="submit" className="btn btn-primary w-100" disabled={loginMutation.isPending}>
        {loginMutation.isPending && <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />}
        Sign in
      </button>
    </form>
  );
}
