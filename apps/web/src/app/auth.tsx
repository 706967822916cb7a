import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Permission,
  TCurrentUser,
  TLoginOutcome,
  TLoginRequest,
  TLoginSecondStep,
  TPreviousLogin,
  TSecondFactorRequest,
  TSecondFactorResponse,
  TSessionResponse,
} from '@gridvoice/core';
import { apiFetch, isApiError, onUnauthorized, setCsrfToken } from './api';

export const SESSION_KEY = ['session'] as const;

interface AuthContextValue {
  status: 'loading' | 'anonymous' | 'authenticated';
  user: TCurrentUser | null;
  previousLogin: TPreviousLogin | null;
  /** Set when the session could not be loaded at all (server unreachable). */
  loadError: Error | null;
  /** How the last session ended in this tab: the user logged out, or the server ended it. */
  endedBy: 'logout' | 'expired' | null;
  can: (permission: Permission | null | undefined) => boolean;
  /** The password step: either signed in, or a second step (code, or enrol first) follows. */
  login: (input: TLoginRequest) => Promise<LoginResult>;
  /** The second step: a TOTP code or a recovery code against the challenge from the password step. */
  completeSecondFactor: (input: TSecondFactorRequest) => Promise<TSecondFactorResponse>;
  /** Signs in with the answer of the second step (used after showing fresh recovery codes). */
  enter: (res: TSecondFactorResponse) => void;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
}

export type LoginResult = { kind: 'done'; user: TCurrentUser } | { kind: 'second'; step: TLoginSecondStep };

const AuthContext = createContext<AuthContextValue | null>(null);

async function fetchSession(): Promise<TSessionResponse | null> {
  try {
    const session = await apiFetch<TSessionResponse>('/api/auth/session');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (err) {
    if (isApiError(err) && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

/** Loads the session at start and keeps who is logged in, their permissions and the CSRF token. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [endedBy, setEndedBy] = useState<'logout' | 'expired' | null>(null);
  const session = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: 1 });

  // Any 401 from the API means the session is gone: forget the user (the router sends them to login).
  useEffect(
    () =>
      onUnauthorized((path) => {
        if (path.startsWith('/api/auth/login') || path === '/api/auth/session') return;
        setCsrfToken(null);
        setEndedBy('expired');
        queryClient.setQueryData(SESSION_KEY, null);
      }),
    [queryClient],
  );

  const signedIn = useCallback(
    (user: TCurrentUser, csrfToken: string) => {
      setCsrfToken(csrfToken);
      setEndedBy(null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      const session: TSessionResponse = { user, csrfToken, previousLogin: null };
      queryClient.setQueryData(SESSION_KEY, session);
      // The session answer also tells when the user last logged in before this.
      void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    },
    [queryClient],
  );

  const login = useCallback(
    async (input: TLoginRequest): Promise<LoginResult> => {
      const res = await apiFetch<TLoginOutcome>('/api/auth/login', { method: 'POST', body: input });
      if ('secondStep' in res) return { kind: 'second', step: res };
      signedIn(res.user, res.csrfToken);
      return { kind: 'done', user: res.user };
    },
    [signedIn],
  );

  const completeSecondFactor = useCallback(
    async (input: TSecondFactorRequest) => {
      const res = await apiFetch<TSecondFactorResponse>('/api/auth/login/second-factor', { method: 'POST', body: input });
      // Recovery codes right after enrolling are shown before entering: the caller signs in after.
      if (!res.recoveryCodes?.length) signedIn(res.user, res.csrfToken);
      return res;
    },
    [signedIn],
  );

  /** Enters after the recovery codes were shown. */
  const enter = useCallback((res: TSecondFactorResponse) => signedIn(res.user, res.csrfToken), [signedIn]);

  const logout = useCallback(async () => {
    try {
      await apiFetch('/api/auth/logout', { method: 'POST' });
    } finally {
      setCsrfToken(null);
      setEndedBy('logout');
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, null);
    }
  }, [queryClient]);

  const refresh = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
  }, [queryClient]);

  const data = session.data;
  const value = useMemo<AuthContextValue>(() => {
    const user = data?.user ?? null;
    return {
      status: session.isPending ? 'loading' : user ? 'authenticated' : 'anonymous',
      user,
      previousLogin: data?.previousLogin ?? null,
      loadError: session.error,
      endedBy,
      can: (permission) => !permission || (user?.permissions.includes(permission) ?? false),
      login,
      completeSecondFactor,
      enter,
      logout,
      refresh,
    };
  }, [data, session.isPending, session.error, endedBy, login, completeSecondFactor, enter, logout, refresh]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}

/** The logged-in user, for pages that only render behind <RequireAuth>. */
export function useCurrentUser(): TCurrentUser {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser needs a logged-in user');
  return user;
}
