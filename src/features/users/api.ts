import { CreateUserBody, ListUsersResp, ResetPasswordBody, UpdateUserBody } from '@contract/bff';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { getJson, http } from '@/lib/http';

/** Console accounts (the BFF's own, admin only). */
export const userKeys = {
  all: ['users'] as const,
  list: () => [...userKeys.all, 'list'] as const,
};

export const userQueries = {
  list: () => queryOptions({ queryKey: userKeys.list(), queryFn: () => getJson(ListUsersResp, '/bff/users') }),
};

const userPath = (username: string) => `/bff/users/${encodeURIComponent(username)}`;

function useUserMutation<V>(fn: (vars: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }) });
}

export const useCreateUser = () => useUserMutation((body: z.input<typeof CreateUserBody>) => http.post('/bff/users', CreateUserBody.parse(body)));

export const useUpdateUser = () =>
  useUserMutation(({ username, ...body }: { username: string } & z.input<typeof UpdateUserBody>) => http.patch(userPath(username), UpdateUserBody.parse(body)));

export const useResetPassword = () =>
  useUserMutation(({ username, password }: { username: string; password: string }) =>
    http.put(`${userPath(username)}/password`, ResetPasswordBody.parse({ password })),
  );
