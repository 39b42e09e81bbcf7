import { problemDetailsSchema, type ProblemDetails } from '@/types/api';
import { ApiError, isApiError } from './api-error';

export { ApiError, isApiError };

export function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

export async function toApiError(response: Response): Promise<ApiError> {
  let problem: ProblemDetails = { title: response.statusText || undefined, status: response.status };
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      const parsed = problemDetailsSchema.safeParse(JSON.parse(text));
      if (parsed.success) problem = parsed.data;
    } catch {
      // Not JSON (e.g. a proxy's HTML error page): keep the status line.
    }
  }
  return new ApiError(response.status, problem, parseRetryAfter(response.headers.get('Retry-After')));
}

/**
 * Normalises a server field name to the camelCase name a form uses:
 * `Email` → `email`, `$.displayName` → `displayName`, `Request.Password` → `password`, `Parts[0].ETag` → `parts`.
 */
export function normaliseFieldName(key: string): string {
  const withoutRoot = key.replace(/^\$\.?/, '');
  const segments = withoutRoot.split('.').filter(Boolean);
  const last = segments.length > 1 && /\[\d+\]$/.test(segments[0] ?? '') ? segments[0] : segments.at(-1);
  const name = (last ?? '').replace(/\[\d+\]$/, '');
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * Field → first message, for inline form errors. `aliases` maps server names onto the form's own
 * (e.g. `{ login: 'login', email: 'login' }` on the sign-in form).
 */
export function fieldErrorsFrom(error: unknown, aliases: Record<string, string> = {}): Record<string, string> {
  if (!isApiError(error) || !error.problem.errors) return {};
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(error.problem.errors)) {
    const messages = Array.isArray(value) ? value : [value];
    const first = messages[0];
    if (!first) continue;
    const field = normaliseFieldName(key);
    const target = aliases[field] ?? field;
    result[target] ??= first;
  }
  return result;
}

/** A sentence to show a person for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 429 || error.status === 503) {
      const wait = error.retryAfterSeconds ? ` Try again in ${error.retryAfterSeconds} s.` : ' Try again shortly.';
      return `${error.problem.title ?? 'The service is busy.'}${wait}`;
    }
    // A validation problem's own message beats its generic title ("One or more validation errors occurred.").
    const first = Object.values(error.problem.errors ?? {})[0];
    const field = Array.isArray(first) ? first[0] : first;
    return error.problem.detail ?? field ?? error.problem.title ?? `Request failed (${error.status}).`;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
