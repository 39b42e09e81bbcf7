import { Link, useNavigate, useSearchParams } from 'react-router';
import { useDocumentTitle } from '@/lib/use-document-title';
import { LoginForm } from '@/features/account/components/login-form';
import { RegisterForm } from '@/features/account/components/register-form';

/** Only same-site paths are followed after signing in. */
export function safeRedirect(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="auth-card card shadow-sm mx-auto my-4 my-md-5">
      <div className="card-body p-4">
        <h1 className="h4 mb-4 text-center">{title}</h1>
        {children}
      </div>
    </div>
  );
}

export function LoginRoute() {
  useDocumentTitle('Sign in');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const redirect = safeRedirect(params.get('redirect'));
  return (
    <AuthCard title="Sign in to Venvid">
      <LoginForm onSuccess={() => void navigate(redirect, { replace: true })} />
      <p className="text-center small mt-3 mb-0">
        New here? <Link to={`/register${params.get('redirect') ? `?redirect=${encodeURIComponent(redirect)}` : ''}`}>Create an account</Link>
      </p>
    </AuthCard>
  );
}

export function RegisterRoute() {
  useDocumentTitle('Sign up');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const redirect = safeRedirect(params.get('redirect'));
  return (
    <AuthCard title="Create your account">
      <RegisterForm onSuccess={() => void navigate(redirect, { replace: true })} />
      <p className="text-center small mt-3 mb-0">
        Already have an account? <Link to="/login">Sign in</Link>
      </p>
    </AuthCard>
  );
}
