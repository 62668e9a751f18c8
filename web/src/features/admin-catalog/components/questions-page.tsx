/**
 * /admin/events/:id/questions: what the event asks its buyers. Add, change, delete (answers already
 * given stay), reorder with buttons (keyboard and screen readers included), and a preview of the
 * form as a buyer with one ticket of each type sees it.
 */
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { useParams } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Container from '@mui/material/Container';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import AddRoundedIcon from '@mui/icons-material/AddRounded';
import ArrowDownwardRoundedIcon from '@mui/icons-material/ArrowDownwardRounded';
import ArrowUpwardRoundedIcon from '@mui/icons-material/ArrowUpwardRounded';
import DeleteOutlineRoundedIcon from '@mui/icons-material/DeleteOutlineRounded';
import EditRoundedIcon from '@mui/icons-material/EditRounded';
import type { AnswerValue, Question, QuestionInput } from '@iatichet/contracts';
import { ConfirmDialog } from '@/components/dialogs/confirm-dialog';
import { PageHeader } from '@/components/layout/page-header';
import { EmptyState, ErrorState, LoadingState } from '@/components/page-state';
import { QuestionFields } from '@/components/questions/question-fields';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/error-messages';
import { useEventQuestions, type AnswerValues } from '@/lib/event-questions';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useAdminEvent } from '../api/get-admin-event';
import { useChangeQuestions } from '../api/questions';
import { QuestionDialog } from './question-dialog';

const TOUCH = { width: 44, height: 44 };

export function QuestionsPage() {
  const { t } = useTranslation('admin-questions');
  const { id = '' } = useParams();
  const event = useAdminEvent(id);
  const questions = useEventQuestions(id);
  const change = useChangeQuestions(id);
  const [editing, setEditing] = useState<Question | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Question | null>(null);
  const [preview, setPreview] = useState<AnswerValues>({});
  useDocumentTitle(t('docTitle', { title: event.data?.title ?? '' }));
  const list = questions.data ?? [];
  const types = event.data?.ticketTypes ?? [];

  const move = (index: number, by: -1 | 1) => {
    const ids = list.map((q) => q.id);
    const [moved] = ids.splice(index, 1);
    if (moved === undefined) return;
    ids.splice(index + by, 0, moved);
    change.mutate({ kind: 'reorder', questionIds: ids });
  };
  const save = (input: QuestionInput) => {
    const done = { onSuccess: () => setEditing(null) };
    if (editing === 'new' || editing === null) change.mutate({ kind: 'create', input }, done);
    else change.mutate({ kind: 'update', questionId: editing.id, patch: input }, done);
  };

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader
        title={t('title')}
        description={event.data?.title}
        breadcrumbs={[
          { label: t('crumbs.events'), href: paths.adminEvents.getHref() },
          { label: event.data?.title ?? t('crumbs.event'), href: paths.adminEvent.getHref(id) },
        ]}
      />
      {(questions.isPending || event.isPending) && <LoadingState label={t('loading')} />}
      {questions.isError && (
        <ErrorState error={questions.error} title={t('loadFailed')} onRetry={() => void questions.refetch()} />
      )}
      {event.isError && <ErrorState error={event.error} title={t('loadFailed')} onRetry={() => void event.refetch()} />}
      {questions.isSuccess && event.isSuccess && (
        <Stack spacing={4}>
          <Paper
            variant="outlined"
            component="section"
            aria-labelledby="questions-heading"
            sx={{ p: { xs: 2, sm: 3 }, borderRadius: 3 }}
          >
            <Stack
              direction="row"
              sx={{ justifyContent: 'space-between', alignItems: 'center', mb: 1, flexWrap: 'wrap', gap: 1 }}
            >
              <Typography id="questions-heading" variant="h6" component="h2">
                {t('listTitle')}
              </Typography>
              <Button variant="contained" startIcon={<AddRoundedIcon />} onClick={() => setEditing('new')}>
                {t('add')}
              </Button>
            </Stack>
            {change.isError && editing === null && deleting === null && (
              <Typography role="alert" color="error" sx={{ mb: 1 }}>
                {errorMessage(change.error)}
              </Typography>
            )}
            {list.length === 0 ? (
              <EmptyState title={t('empty')} description={t('emptyText')} headingLevel={3} />
            ) : (
              <List aria-labelledby="questions-heading">
                {list.map((q, index) => (
                  <ListItem key={q.id} divider sx={{ flexWrap: 'wrap', gap: 1, px: 0 }}>
                    <ListItemText
                      sx={{ minWidth: 200 }}
                      primary={`${index + 1}. ${q.label}`}
                      secondary={
                        <Box component="span" sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mt: 0.5 }}>
                          <Chip size="small" component="span" label={t(`questions:kinds.${q.kind}`)} />
                          {q.required && (
                            <Chip size="small" component="span" color="primary" variant="outlined" label={t('required')} />
                          )}
                          <Chip
                            size="small"
                            component="span"
                            variant="outlined"
                            label={q.perTicket ? t('perTicket') : t('perOrder')}
                          />
                          {q.ticketTypeIds.length > 0 && (
                            <Chip
                              size="small"
                              component="span"
                              variant="outlined"
                              label={types
                                .filter((type) => q.ticketTypeIds.includes(type.id))
                                .map((type) => type.name)
                                .join(', ')}
                            />
                          )}
                        </Box>
                      }
                    />
                    <Stack direction="row">
                      <IconButton
                        sx={TOUCH}
                        aria-label={t('moveUp', { label: q.label })}
                        disabled={index === 0 || change.isPending}
                        onClick={() => move(index, -1)}
                      >
                        <ArrowUpwardRoundedIcon />
                      </IconButton>
                      <IconButton
                        sx={TOUCH}
                        aria-label={t('moveDown', { label: q.label })}
                        disabled={index === list.length - 1 || change.isPending}
                        onClick={() => move(index, 1)}
                      >
                        <ArrowDownwardRoundedIcon />
                      </IconButton>
                      <IconButton sx={TOUCH} aria-label={t('edit', { label: q.label })} onClick={() => setEditing(q)}>
                        <EditRoundedIcon />
                      </IconButton>
                      <IconButton sx={TOUCH} aria-label={t('delete', { label: q.label })} onClick={() => setDeleting(q)}>
                        <DeleteOutlineRoundedIcon />
                      </IconButton>
                    </Stack>
                  </ListItem>
                ))}
              </List>
            )}
          </Paper>
          {list.length > 0 && (
            <Paper
              variant="outlined"
              component="section"
              aria-labelledby="preview-heading"
              sx={{ p: { xs: 2, sm: 3 }, borderRadius: 3 }}
            >
              <Typography id="preview-heading" variant="h6" component="h2">
                {t('previewTitle')}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {t('previewHelp')}
              </Typography>
              <QuestionFields
                questions={list}
                ticketTypeIds={types.map((type) => type.id)}
                ticketLabels={types.map((type) => t('previewTicket', { type: type.name }))}
                values={preview}
                errors={{}}
                idPrefix="preview"
                onChange={(place: string, value: AnswerValue) => setPreview({ ...preview, [place]: value })}
              />
            </Paper>
          )}
        </Stack>
      )}
      {editing !== null && (
        <QuestionDialog
          open
          question={editing === 'new' ? null : editing}
          ticketTypes={types}
          pending={change.isPending}
          error={change.error}
          onSave={save}
          onClose={() => {
            setEditing(null);
            change.reset();
          }}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={t('deleteTitle')}
        description={t('deleteText', { label: deleting?.label ?? '' })}
        confirmLabel={t('deleteConfirm')}
        tone="error"
        pending={change.isPending}
        errorText={change.isError && deleting !== null ? errorMessage(change.error) : null}
        onConfirm={() =>
          deleting && change.mutate({ kind: 'delete', questionId: deleting.id }, { onSuccess: () => setDeleting(null) })
        }
        onClose={() => {
          setDeleting(null);
          change.reset();
        }}
      />
    </Container>
  );
}
