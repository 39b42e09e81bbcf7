import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiVoid } from '@/lib/api-client';
import { useSessionStore } from '@/stores/session-store';

export async function logout(): Promise<void> {
  const { refreshToken } = useSessionStore.getState();
  try {
    if (refreshToken) await apiVoid('/api/auth/logout', { method: 'POST', body: { refreshToken }, auth: false });
  } finally {
    useSessionStore.getState().clear();
  }
}

export const useLogout = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      queryClient.removeQueries({ queryKey: ['me'] });
      void queryClient.invalidateQueries();
    },
  });
};
