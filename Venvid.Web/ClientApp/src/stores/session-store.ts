import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { Tokens } from '@/types/api';

type SessionState = {
  accessToken: string | null;
  refreshToken: string | null;
  /** Epoch milliseconds after which the access token should be treated as expired. */
  expiresAt: number | null;
  setTokens: (tokens: Tokens) => void;
  clear: () => void;
};

export const useSessionStore = create<SessionState>()(
  persist(
    (set) => ({
      accessToken: null,
      refreshToken: null,
      expiresAt: null,
      setTokens: (tokens) =>
        set({
          accessToken: tokens.accessToken,
          refreshToken: tokens.refreshToken,
          expiresAt: Date.now() + tokens.expiresIn * 1000,
        }),
      clear: () => set({ accessToken: null, refreshToken: null, expiresAt: null }),
    }),
    {
      name: 'venvid.session',
      storage: createJSONStorage(() => localStorage),
      partialize: ({ accessToken, refreshToken, expiresAt }) => ({ accessToken, refreshToken, expiresAt }),
    },
  ),
);

export const useIsSignedIn = () => useSessionStore((state) => state.refreshToken !== null);
