import { ErrorAlert } from '@/components/ui/error-alert';
import { PageHeader } from '@/components/ui/page-header';
import { Spinner } from '@/components/ui/spinner';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useMe } from '@/features/account/api/get-me';
import { ProfileForm } from '@/features/account/components/profile-form';

export default function ProfileRoute() {
  useDocumentTitle('Your profile');
  const me = useMe();
  return (
    <div className="page-container narrow">
      <PageHeader title="Your profile" />
      {me.isPending ? (
        <Spinner />
      ) : me.isError ? (
        <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <ProfileForm key={me.data.id} user={me.data} />
      )}
    </div>
  );
}
