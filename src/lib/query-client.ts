import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error';

type Notify = (error: ApiError) => void;
let notify: Notify = () => {};
let onUnauthorized: () => void = () => {};

/** The provider installs these: the caches decide whether to tell the user (policy layer). */
export function setErrorPolicy(handlers: { notify: Notify; onUnauthorized: () => void }) {
  notify = handlers.notify;
  onUnauthorized = handlers.onUnauthorized;
}

function handle(error: unknown, silent: boolean) {
  const apiError = error instanceof ApiError ? error : new ApiError(0, 'CLIENT', String(error));
  if (apiError.status === 401) return onUnauthorized();
  if (!silent) notify(apiError);
}

export function createQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({
      // Background refetch failures are shown; a first load's failure is rendered by the page itself.
      onError: (error, query) => handle(error, query.state.data === undefined),
    }),
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => handle(error, mutation.options.meta?.silent === true),
    }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        retry: (count, error) => error instanceof ApiError && error.status >= 500 && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
    mutationMeta: { silent?: boolean };
  }
}
