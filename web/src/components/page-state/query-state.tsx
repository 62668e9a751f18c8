import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorState } from './error-state';
import { LoadingState } from './loading-state';

interface QueryStateProps<T> {
  query: UseQueryResult<T>;
  /** Rendered instead of children when `isEmpty(data)` holds. */
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  loading?: ReactNode;
  errorTitle?: string;
  children: (data: T) => ReactNode;
}

/** Loading, error (with retry), empty or the data: the four states every page that fetches must show. */
export function QueryState<T>({ query, empty, isEmpty, loading, errorTitle, children }: QueryStateProps<T>) {
  if (query.isPending) return loading ?? <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} title={errorTitle} onRetry={() => void query.refetch()} />;
  if (empty !== undefined && isEmpty?.(query.data) === true) return empty;
  return children(query.data);
}
