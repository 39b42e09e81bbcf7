import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from '@/lib/zod';
import { api } from '@/lib/api-client';
import { useSessionStore } from '@/stores/session-store';
import { tokensSchema, type Tokens } from '@/types/api';

export const loginInputSchema = z.object({
  login: z.string().check(z.trim(), z.minLength(1, 'Enter your email or username.')),
  password: z.string().check(z.minLength(1, 'Enter your password.')),
});
export type LoginInput = z.infer<typeof loginInputSchema>;

export function login(input: LoginInput): Promise<Tokens> {
  return api('/api/auth/login', tokensSchema, { method: 'POST', body: input, auth: false });
}

export const useLogin = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (tokens) => {
      useSessionStore.getState().setTokens(tokens);
      // Anything cached while signed out (likedByMe, lists) is now stale.
      void queryClient.invalidateQueries();
    },
  });
};
