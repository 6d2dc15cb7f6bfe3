import { Session, type LoginBody } from '@contract/bff';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { getJson, http, parse, setSessionContext } from '@/lib/http';

export const sessionKeys = {
  all: ['session'] as const,
  current: () => [...sessionKeys.all, 'current'] as const,
};

export const sessionQueries = {
  /** The signed-in user; 401 `ModelArts.4630` when nobody is. */
  current: () =>
    queryOptions({
      queryKey: sessionKeys.current(),
      queryFn: () => getJson(Session, '/bff/session'),
      staleTime: 60_000,
      retry: false,
    }),
};

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => http.post('/bff/login', body).then((res) => parse(Session, res.data)),
    // The login form shows its own generic message; no global notification.
    meta: { silent: true },
    // A fresh session (rotated at login) replaces whatever was cached for another user.
    onSuccess: (session) => {
      queryClient.removeQueries();
      queryClient.setQueryData(sessionKeys.current(), session);
    },
  });
}

/** Signs out and lands on the login page (without `?next=`: the user chose to leave). */
export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => http.post('/bff/logout'),
    onSettled: () => {
      setSessionContext({});
      // Navigate before clearing: the cleared session re-renders the signed-in shell, which unmounts the menu
      // that asked for the logout and would redirect with `?next=` of the page just left.
      navigate('/login', { replace: true });
      queryClient.clear();
    },
  });
}

/** Where the login page sends people back to: only same-origin paths, never `//host` or a full URL. */
export function safeNextPath(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && !next.startsWith('/login') ? next : '/';
}

export const loginPath = (next: string) => (next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
