import { useMutation, useQueryClient } from '@tanstack/react-query';
import { plainText, z } from '@/lib/zod';
import { api } from '@/lib/api-client';
import { userSchema, type User } from '@/types/api';
import { meQueryKey } from './get-me';

export const updateMeInputSchema = z.object({
  displayName: z.string().check(z.trim(), z.maxLength(50, 'Keep the display name to 50 characters.'), plainText()),
  bio: z.string().check(z.maxLength(1000, 'Keep the bio to 1000 characters.'), plainText()),
});
export type UpdateMeInput = z.infer<typeof updateMeInputSchema>;

export function updateMe(input: UpdateMeInput): Promise<User> {
  return api('/api/users/me', userSchema, { method: 'PUT', body: input });
}

export const useUpdateMe = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (user) => queryClient.setQueryData(meQueryKey, user),
  });
};
