/**
 * The pieces every organizer section is made of: a titled form card (with focus sent to the first
 * problem after a failed submit), an outlined table with its header row, and the "are you sure"
 * dialog of a removal that the server may refuse. A removal takes the row's button away with the
 * row, so the dialog gives the focus to the table rather than letting it fall to the page's top.
 */
import { useRef, useState, type ReactNode, type RefObject, type SubmitEvent } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { UseMutationResult } from '@tanstack/react-query';
import { ConfirmDialog } from '@/components/dialogs/confirm-dialog';
import { useFocusFirstInvalid } from '@/components/forms/use-focus-first-invalid';
import { fieldNameOf } from '@/components/forms/use-form-errors';

/** The form's element and a way to say a submit failed (focus then moves to what needs fixing). */
export function useFormAttempt(): { formRef: RefObject<HTMLFormElement | null>; failed: () => void } {
  const formRef = useRef<HTMLFormElement>(null);
  const [attempt, setAttempt] = useState(0);
  useFocusFirstInvalid(formRef, attempt);
  return { formRef, failed: () => setAttempt((n) => n + 1) };
}

interface FormCardProps {
  title: string;
  formRef: RefObject<HTMLFormElement | null>;
  onSubmit: (event: SubmitEvent<HTMLFormElement>) => void;
  /** A field was typed in or ticked: its old error goes away. */
  onEdit: (fieldName: string) => void;
  children: ReactNode;
}

export function FormCard({ title, formRef, onSubmit, onEdit, children }: FormCardProps) {
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, mb: 4, borderRadius: 3 }}>
      <Typography component="h2" variant="h6" sx={{ mb: 2 }}>
        {title}
      </Typography>
      <Box
        component="form"
        ref={formRef}
        noValidate
        aria-label={title}
        onSubmit={onSubmit}
        onInput={(event) => onEdit(fieldNameOf(event.target))}
        onChange={(event) => onEdit(fieldNameOf(event.target))}
      >
        {children}
      </Box>
    </Paper>
  );
}

interface SectionTableProps {
  label: string;
  /** Header cells: a string, or [text, cell props] for a cell hidden on phones or aligned right. */
  head: readonly (string | [string, { align?: 'right'; hideOnPhone?: boolean }])[];
  /** The table, for ConfirmRemoval's `focusAfter` (it can then take the focus, not the tab order). */
  tableRef?: RefObject<HTMLTableElement | null>;
  children: ReactNode;
}

/** The `sx` of a cell shown from tablets up. */
export const HIDE_ON_PHONE = { display: { xs: 'none', sm: 'table-cell' } } as const;

export function SectionTable({ label, head, tableRef, children }: SectionTableProps) {
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ borderRadius: 3 }}>
      <Table aria-label={label} ref={tableRef} tabIndex={tableRef === undefined ? undefined : -1}>
        <TableHead>
          <TableRow>
            {head.map((cell) => {
              const [text, options] = typeof cell === 'string' ? [cell, {}] : cell;
              return (
                <TableCell key={text} align={options.align} sx={options.hideOnPhone === true ? HIDE_ON_PHONE : undefined}>
                  {text}
                </TableCell>
              );
            })}
          </TableRow>
        </TableHead>
        <TableBody>{children}</TableBody>
      </Table>
    </TableContainer>
  );
}

interface ConfirmRemovalProps<T> {
  /** What is about to be removed; null while nothing is. */
  item: T | null;
  idOf: (item: T) => string;
  title: string;
  description: (item: T) => string;
  confirmLabel: string;
  mutation: UseMutationResult<unknown, Error, string>;
  /** Words for a refusal (a 409 may need its own). */
  errorText: (error: unknown) => string;
  onDone: () => void;
  /** Where the focus goes once the removal is done and the dialog gone (its opener went with the row). */
  focusAfter?: RefObject<HTMLElement | null>;
}

export function ConfirmRemoval<T>({
  item,
  idOf,
  title,
  description,
  confirmLabel,
  mutation,
  errorText,
  onDone,
  focusAfter,
}: ConfirmRemovalProps<T>) {
  const removed = useRef(false);
  return (
    <ConfirmDialog
      open={item !== null}
      title={title}
      description={item === null ? '' : description(item)}
      confirmLabel={confirmLabel}
      tone="error"
      pending={mutation.isPending}
      errorText={mutation.isError ? errorText(mutation.error) : null}
      onClose={() => {
        mutation.reset();
        onDone();
      }}
      onConfirm={() => {
        if (item === null) return;
        mutation.mutate(idOf(item), {
          onSuccess: () => {
            removed.current = true;
            onDone();
          },
        });
      }}
      onExited={() => {
        // After a cancel the opener is still there, and the dialog has given it the focus back.
        if (removed.current) focusAfter?.current?.focus();
        removed.current = false;
      }}
    />
  );
}
