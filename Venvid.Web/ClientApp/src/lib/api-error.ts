import type { ProblemDetails } from '@/types/api';

// Kept apart from problem-details.ts (which parses bodies with Zod) so the app shell can tell API errors apart, e.g.
// in the query client's retry rule, without loading Zod before the first page needs it.

/** A failed API call, carrying the RFC 7807 problem details the server sent (or a synthetic one). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;
  readonly retryAfterSeconds: number | null;

  constructor(status: number, problem: ProblemDetails, retryAfterSeconds: number | null = null) {
    super(problem.detail ?? problem.title ?? `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
