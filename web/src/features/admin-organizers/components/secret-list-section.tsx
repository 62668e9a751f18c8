/**
 * A section that makes things with a secret shown once (API tokens, webhooks): the creation form,
 * the list with its four states, and the dialog that shows the new secret.
 */
import { useRef, useState, type ReactNode } from 'react';
import Typography from '@mui/material/Typography';
import type { UseQueryResult } from '@tanstack/react-query';
import { EmptyState, QueryState } from '@/components/page-state';
import { SecretOnceDialog } from './secret-once-dialog';

interface SecretListSectionProps<T> {
  query: UseQueryResult<T[]>;
  words: { title: string; loadFailed: string; empty: string; emptyText: string; createdTitle: string; secretLabel: string };
  emptyIcon: ReactNode;
  /** The creation form; it calls `onCreated` with the secret of what it made. */
  form: (onCreated: (secret: string) => void) => ReactNode;
  children: (items: T[]) => ReactNode;
}

export function SecretListSection<T>({ query, words, emptyIcon, form, children }: SecretListSectionProps<T>) {
  const [secret, setSecret] = useState<string | null>(null);
  // The list's heading takes the focus after the secret's dialog: the new item is just below it.
  const headingRef = useRef<HTMLHeadingElement>(null);
  return (
    <>
      {form(setSecret)}
      <Typography ref={headingRef} tabIndex={-1} component="h2" variant="h6" sx={{ mb: 2, '&:focus': { outline: 'none' } }}>
        {words.title}
      </Typography>
      <QueryState
        query={query}
        errorTitle={words.loadFailed}
        isEmpty={(items) => items.length === 0}
        empty={<EmptyState icon={emptyIcon} title={words.empty} description={words.emptyText} />}
      >
        {children}
      </QueryState>
      <SecretOnceDialog
        secret={secret}
        title={words.createdTitle}
        label={words.secretLabel}
        onClose={() => setSecret(null)}
        focusAfter={headingRef}
      />
    </>
  );
}
