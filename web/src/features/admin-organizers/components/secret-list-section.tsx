/**
 * A section that makes things with a secret shown once (API tokens, webhooks): the creation form,
 * the list with its four states, and the dialog that shows the new secret.
 */
import { useState, type ReactNode } from 'react';
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
  return (
    <>
      {form(setSecret)}
      <Typography component="h2" variant="h6" sx={{ mb: 2 }}>
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
      <SecretOnceDialog secret={secret} title={words.createdTitle} label={words.secretLabel} onClose={() => setSecret(null)} />
    </>
  );
}
