import { useMutation } from '@tanstack/react-query';
import { z } from '@/lib/zod';
import { api } from '@/lib/api-client';
import { userSchema, type User } from '@/types/api';

export const registerInputSchema = z.object({
  email: z.email('Enter a valid email address.'),
  username: z
    .string()
    .check(
      z.minLength(3, 'Use at least 3 characters.'),
      z.maxLength(30, 'Use at most 30 characters.'),
      z.regex(/^[a-zA-Z0-9_.-]+$/, 'Use letters, digits, dots, dashes and underscores only.'),
    ),
  password: z.string().check(z.minLength(8, 'Use at least 8 characters.'), z.maxLength(128, 'Use at most 128 characters.')),
});
export type RegisterInput = z.infer<typeof registerInputSchema>;

export function register(input: RegisterInput): Promise<User> {
  return api('/api/auth/register', userSchema, { method: 'POST', body: input, auth: false });
}

export const useRegister = () => useMutation({ mutationFn: register });
