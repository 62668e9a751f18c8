export { EmptyState } from './empty-state';
export { ErrorState } from './error-state';
export { LoadingState } from './loading-state';
export { QueryState } from './query-state';
export { LoadMore } from './load-more';
