import { useState, type SubmitEvent } from 'react';
import { FormField } from '@/components/ui/form-field';
import { validate } from '@/lib/form';
import { errorMessage, fieldErrorsFrom } from '@/lib/problem-details';
import type { User } from '@/types/api';
import { updateMeInputSchema, useUpdateMe } from '../api/update-me';

export function ProfileForm({ user }: { user: User }) {
  const [values, setValues] = useState({ displayName: user.displayName ?? '', bio: user.bio ?? '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  const updateMutation = useUpdateMe();

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    setStatus(null);
    const result = validate(updateMeInputSchema, values);
    if (!result.success) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    updateMutation.mutate(result.data, {
      onSuccess: () => setStatus({ kind: 'saved', text: 'Profile saved.' }),
      onError: (error) => {
        const fields = fieldErrorsFrom(error);
        setErrors(fields);
        if (Object.keys(fields).length === 0) setStatus({ kind: 'error', text: errorMessage(error) });
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Profile">
      <dl className="row small mb-4">
        <dt className="col-sm-3">Username</dt>
        <dd className="col-sm-9">@{user.username}</dd>
        <dt className="col-sm-3">Email</dt>
        <dd className="col-sm-9">{user.email}</dd>
      </dl>
      <FormField
        label="Display name"
        name="displayName"
        value={values.displayName}
        maxLength={50}
        error={errors.displayName}
        onChange={(event) => setValues({ ...values, displayName: event.target.value })}
      />
      <FormField
        multiline
        label="Bio"
        name="bio"
        rows={4}
        value={values.bio}
        error={errors.bio}
        hint={`${values.bio.length}/1000`}
        onChange={(event) => setValues({ ...values, bio: event.target.value })}
      />
      <div className="d-flex align-items-center gap-3">
        <button type="submit" className="btn btn-primary" disabled={updateMutation.isPending}>
          Save
        </button>
        <span role="status" className={status?.kind === 'error' ? 'text-danger' : 'text-success'}>
          {status?.text}
        </span>
      </div>
    </form>
  );
}
