import { useState, type SubmitEvent } from 'react';
import { FormField } from '@/components/ui/form-field';
import { validate } from '@/lib/form';
import { errorMessage, fieldErrorsFrom, isApiError } from '@/lib/problem-details';
import { useLogin } from '../api/login';
import { registerInputSchema, useRegister, type RegisterInput } from '../api/register';

type RegisterFormProps = { onSuccess: () => void };

/** A 409 without field errors still says which field clashed, in its title or detail. */
export function conflictFieldErrors(message: string): Partial<Record<keyof RegisterInput, string>> {
  const text = message.toLowerCase();
  if (text.includes('email')) return { email: 'An account with this email already exists.' };
  if (text.includes('username') || text.includes('user name')) return { username: 'This username is taken.' };
  return {};
}

export function RegisterForm({ onSuccess }: RegisterFormProps) {
  const [values, setValues] = useState<RegisterInput>({ email: '', username: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const registerMutation = useRegister();
  const loginMutation = useLogin();
  const pending = registerMutation.isPending || loginMutation.isPending;

  const set = (field: keyof RegisterInput) => (event: { target: { value: string } }) => setValues({ ...values, [field]: event.target.value });

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    setFormError(null);
    const result = validate(registerInputSchema, values);
    if (!result.success) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    registerMutation.mutate(result.data, {
      onSuccess: () =>
        loginMutation.mutate(
          { login: result.data.username, password: result.data.password },
          { onSuccess, onError: (error) => setFormError(errorMessage(error)) },
        ),
      onError: (error) => {
        let fields = fieldErrorsFrom(error);
        if (isApiError(error) && error.status === 409 && Object.keys(fields).length === 0) {
          fields = conflictFieldErrors(`${error.problem.title ?? ''} ${error.problem.detail ?? ''}`);
        }
        setErrors(fields);
        if (Object.keys(fields).length === 0) setFormError(errorMessage(error));
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create account">
      {formError && (
        <div className="alert alert-danger" role="alert">
          {formError}
        </div>
      )}
      {/* eslint-disable-next-line jsx-a11y/no-autofocus -- the sign-up page holds only this form; typing starts in its first field */}
      <FormField label="Email" name="email" type="email" autoComplete="email" value={values.email} error={errors.email} onChange={set('email')} autoFocus />
      <FormField
        label="Username"
        name="username"
        autoComplete="username"
        value={values.username}
        error={errors.username}
        hint="3–30 letters, digits, dots, dashes or underscores."
        onChange={set('username')}
      />
      <FormField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        value={values.password}
        error={errors.password}
        hint="At least 8 characters."
        onChange={set('password')}
      />
      <button type="submit" className="btn btn-primary w-100" disabled={pending}>
        {pending && <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />}
        Create account
      </button>
    </form>
  );
}
