/**
 * /admin/venues/new and /admin/venues/:id: a venue's name, address and time zone, and either a capacity
 * (general admission) or a seat map built with the section generator and edited seat by seat.
 * Events copy the seat map when they are created, so editing it never moves a seat already sold.
 */
import { useCallback, useMemo, useRef, useState, type SubmitEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { useTranslation } from 'react-i18next';
import type { Layout, Venue, VenueInput } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { ConfirmDialog } from '@/components/dialogs/confirm-dialog';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { useFocusFirstInvalid } from '@/components/forms/use-focus-first-invalid';
import { fieldNameOf, useFormErrors } from '@/components/forms/use-form-errors';
import { PageHeader } from '@/components/layout/page-header';
import { ErrorState, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useDeleteVenue, useSaveVenue } from '../api/save-venue';
import { useVenue } from '../api/venues';
import { withDefaultPositions } from '../utils/drawing-edit';
import { drawingOf, stageOf } from '../utils/drawing-geometry';
import { DEFAULT_SEAT_CATEGORIES, layoutCategories, seatCount } from '../utils/layout-edit';
import { problemText } from '../utils/problem-text';
import { useLocationNotice } from '../utils/use-location-notice';
import { FormSection } from './form-section';
import { LayoutEditor } from './layout-editor';
import { LayoutGenerator } from './layout-generator';
import { NoticeSnackbar } from './notice-snackbar';
import { TimeZoneField } from './time-zone-field';
import { useLayoutHistory } from './use-layout-history';
import { VenueDrawing } from './venue-drawing';

function useCrumbs() {
  const { t } = useTranslation('admin-catalog');
  return [
    { label: t('common:nav.admin'), href: paths.admin.getHref() },
    { label: t('venues.title'), href: paths.adminVenues.getHref() },
  ];
}
const FIELDS = ['name', 'address', 'city', 'timeZone', 'capacity'] as const;

export function VenueEditorPage() {
  const { id } = useParams();
  const venue = useVenue(id);
  const { t } = useTranslation('admin-catalog');
  const crumbs = useCrumbs();
  useDocumentTitle(
    id === undefined ? t('venue.docTitleNew') : t('venue.docTitle', { name: venue.data?.name ?? t('venue.venue') }),
  );
  if (id === undefined || venue.isSuccess) return <VenueEditor key={id ?? 'new'} venue={venue.data} />;
  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader title={t('venue.venue')} breadcrumbs={crumbs} />
      {venue.isPending ? (
        <LoadingState label={t('venue.loading')} />
      ) : (
        <ErrorState error={venue.error} title={t('venue.loadFailed')} onRetry={() => void venue.refetch()} />
      )}
    </Container>
  );
}

function isDrawn(layout: Layout | null): boolean {
  return (
    layout !== null && (stageOf(layout) !== undefined || layout.sections.some((section) => drawingOf(section) !== undefined))
  );
}

function VenueEditor({ venue }: { venue: Venue | undefined }) {
  const [name, setName] = useState(venue?.name ?? '');
  const [address, setAddress] = useState(venue?.address ?? '');
  const [city, setCity] = useState(venue?.city ?? '');
  const [timeZone, setTimeZone] = useState(venue?.timeZone ?? '');
  const [capacity, setCapacity] = useState(String(venue?.capacity ?? ''));
  const [hasLayout, setHasLayout] = useState(venue === undefined || venue.layout !== null);
  const history = useLayoutHistory(venue?.layout ?? null);
  const { layout, change: setLayout } = history;
  // A drawn venue opens in the drawing; a grid one (and a new venue) in the grid editor.
  const [view, setView] = useState<'grid' | 'draw'>(() => (isDrawn(venue?.layout ?? null) ? 'draw' : 'grid'));
  const [extraCategories, setExtraCategories] = useState<string[]>([]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [notice, setNotice] = useLocationNotice();
  const [generated, setGenerated] = useState('');
  const save = useSaveVenue();
  const remove = useDeleteVenue();
  const navigate = useNavigate();
  const { t } = useTranslation('admin-catalog');
  const crumbs = useCrumbs();
  const { errors, startAttempt, markEdited } = useFormErrors(save.error);
  const formRef = useRef<HTMLFormElement>(null);
  const [attempts, setAttempts] = useState(0);
  useFocusFirstInvalid(formRef, attempts);
  // The server's answer comes later than the submit: its field errors take focus when they arrive.
  useFocusFirstInvalid(formRef, save.error);
  // The same array while the categories stay the same, so the drawing's memoized sections keep theirs.
  const categoryKey = [...new Set([...DEFAULT_SEAT_CATEGORIES, ...layoutCategories(layout), ...extraCategories])].join(' ');
  const categories = useMemo(() => categoryKey.split(' '), [categoryKey]);
  const markLayoutEdited = useCallback(() => markEdited('layout'), [markEdited]);
  const layoutErrors = Object.entries(errors).filter(([field]) => field === 'layout' || field.startsWith('layout.'));

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (name.trim() === '') found.name = t('venue.errors.name');
    if (city.trim() === '') found.city = t('venue.errors.city');
    const people = Number(capacity);
    if (!hasLayout && !(/^\d+$/.test(capacity.trim()) && people >= 0)) found.capacity = t('venue.errors.capacity');
    if (hasLayout && layout === null) found.layout = t('venue.errors.layout');
    startAttempt(found);
    setAttempts((count) => count + 1);
    if (Object.keys(found).length > 0) return;
    const input: VenueInput = {
      name: name.trim(),
      address: address.trim(),
      city: city.trim(),
      // Empty on a new venue: the server gives it DEFAULT_TIME_ZONE.
      ...(timeZone === '' ? {} : { timeZone }),
      capacity: hasLayout ? seatCount(layout) : people,
      // A drawn layout's grid sections get default x/y so the buyer's drawn map can place them; a
      // layout with no position at all stays the grid it was (and the buyer sees the grid map).
      layout: hasLayout && layout !== null ? (isDrawn(layout) ? withDefaultPositions(layout) : layout) : null,
    };
    save.mutate(
      { id: venue?.id, input },
      {
        onSuccess: (saved) => {
          if (venue === undefined)
            void navigate(paths.adminVenue.getHref(saved.id), { replace: true, state: { notice: t('venue.created') } });
          else setNotice(t('editor.saved'));
        },
      },
    );
  }

  const text = (
    field: Exclude<(typeof FIELDS)[number], 'timeZone'>,
    label: string,
    value: string,
    set: (next: string) => void,
    extra: object = {},
  ) => (
    <TextField
      name={field}
      label={label}
      value={value}
      onChange={(event) => set(event.target.value)}
      error={errors[field] !== undefined}
      helperText={errors[field]}
      {...extra}
    />
  );

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader title={venue === undefined ? t('venues.new') : venue.name} breadcrumbs={crumbs} />
      <form ref={formRef} noValidate onSubmit={handleSubmit} onChange={(event) => markEdited(fieldNameOf(event.target))}>
        <FormErrorAlert error={layoutErrors.length > 0 ? null : save.error} fieldNames={FIELDS} />
        <Stack spacing={3}>
          <FormSection id="venue-place" title={t('venue.place')}>
            <Box sx={{ display: 'grid', gap: 2.5, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
              {text('name', t('venue.name'), name, setName, { required: true, slotProps: { htmlInput: { maxLength: 120 } } })}
              {text('city', t('venues.city'), city, setCity, { required: true, slotProps: { htmlInput: { maxLength: 120 } } })}
              {text('address', t('venue.address'), address, setAddress, {
                sx: { gridColumn: '1 / -1' },
                slotProps: { htmlInput: { maxLength: 300 } },
              })}
              <TimeZoneField
                value={timeZone}
                saved={venue !== undefined}
                error={errors.timeZone}
                onChange={(zone) => {
                  setTimeZone(zone);
                  markEdited('timeZone');
                }}
              />
              {text('capacity', t('venue.capacity'), hasLayout ? String(seatCount(layout)) : capacity, setCapacity, {
                disabled: hasLayout,
                helperText: errors.capacity ?? (hasLayout ? t('venue.capacityFromMap') : t('venue.capacityHelp')),
                slotProps: { htmlInput: { inputMode: 'numeric' } },
              })}
            </Box>
          </FormSection>
          <FormSection id="venue-seats" title={t('venue.seatMap')} description={t('venue.seatMapHelp')}>
            <FormControlLabel
              control={<Switch checked={hasLayout} onChange={(event) => setHasLayout(event.target.checked)} />}
              label={t('venue.hasSeats')}
              sx={{ mb: hasLayout ? 2 : 0 }}
            />
            {layoutErrors.length > 0 && (
              <Alert severity="error" role="alert" sx={{ mb: 2 }}>
                {layoutErrors.map(([field, message]) => (
                  <div key={field}>{message}</div>
                ))}
              </Alert>
            )}
            {hasLayout && (
              <ToggleButtonGroup
                exclusive
                size="small"
                value={view}
                onChange={(_event, next: 'grid' | 'draw' | null) => next !== null && setView(next)}
                aria-label={t('venue-editor:view.label')}
                sx={{ mb: 2 }}
              >
                <ToggleButton value="grid">{t('venue-editor:view.grid')}</ToggleButton>
                <ToggleButton value="draw">{t('venue-editor:view.draw')}</ToggleButton>
              </ToggleButtonGroup>
            )}
            {hasLayout && view === 'draw' && (
              <VenueDrawing history={history} categories={categories} onEdited={markLayoutEdited} />
            )}
            {hasLayout && view === 'grid' && (
              <Stack spacing={3}>
                <LayoutGenerator
                  layout={layout}
                  categories={categories}
                  onGenerate={(next, message) => {
                    setLayout(next);
                    setGenerated(message);
                    markEdited('layout');
                  }}
                />
                <Box role="status" sx={visuallyHidden}>
                  {generated}
                </Box>
                {layout === null ? (
                  <Alert severity="info">{t('venue.noSeats')}</Alert>
                ) : (
                  <LayoutEditor
                    layout={layout}
                    categories={categories}
                    onAddCategory={(category) => setExtraCategories([...extraCategories, category])}
                    onChange={(next) => {
                      setLayout(next);
                      markEdited('layout');
                    }}
                  />
                )}
              </Stack>
            )}
          </FormSection>
        </Stack>
        <Stack direction={{ xs: 'column-reverse', sm: 'row' }} spacing={1.5} sx={{ mt: 3, justifyContent: 'space-between' }}>
          {venue === undefined ? (
            <span />
          ) : (
            <Button
              color="error"
              onClick={() => {
                remove.reset();
                setConfirmDelete(true);
              }}
            >
              {t('venue.delete')}
            </Button>
          )}
          <Button type="submit" variant="contained" size="large" loading={save.isPending}>
            {venue === undefined ? t('venue.create') : t('editor.save')}
          </Button>
        </Stack>
      </form>
      <ConfirmDialog
        open={confirmDelete}
        title={t('venue.deleteTitle')}
        description={t('venue.deleteText')}
        confirmLabel={t('venue.delete')}
        tone="error"
        pending={remove.isPending}
        errorText={remove.error === null ? null : problemText(remove.error)}
        onConfirm={() =>
          venue !== undefined &&
          remove.mutate(venue.id, {
            onSuccess: () =>
              void navigate(paths.adminVenues.getHref(), { state: { notice: t('venue.deleted', { name: venue.name }) } }),
          })
        }
        onClose={() => setConfirmDelete(false)}
      />
      <NoticeSnackbar notice={notice} onClose={() => setNotice(null)} />
    </Container>
  );
}
