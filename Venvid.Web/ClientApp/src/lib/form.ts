import type { z } from '@/lib/zod';

/** Validates form values with a Zod schema: the parsed data, or the first message per field. */
export function validate<S extends z.ZodMiniType>(
  schema: S,
  values: unknown,
): { success: true; data: z.infer<S> } | { success: false; errors: Record<string, string> } {
  const result = schema.safeParse(values);
  if (result.success) return { success: true, data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    errors[field] ??= issue.message;
  }
  return { success: false, errors };
}
