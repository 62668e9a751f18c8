/**
 * The event editor's form: details, where and when, and tickets. Its values live in the page (so
 * the page knows about unsaved changes); errors come from its own checks and from the server, and
 * land on the field they are about.
 */
import { useRef, useState, type SubmitEvent } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import { CATALOG_LIMITS, CURRENCIES, EVENT_CATEGORIES, type EventInput, type Seating, type Venue } from '@iatichet/contracts';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { useFocusFirstInvalid } from '@/components/forms/use-focus-first-invalid';
import { useFormErrors } from '@/components/forms/use-form-errors';
import { categoryLabel, isEventCategory } from '@/lib/catalog-labels';
import { blankTicketType, formToInput, type Currency, type EventFormValues } from '../utils/event-form-values';
import { layoutCategories, placesByCategory, pricedCategories } from '../utils/layout-edit';
import { EventScheduleFields } from './event-schedule-fields';
import { FormSection } from './form-section';
import { RefundPolicyFields } from './refund-policy-fields';
import { QueueSettingsFields } from './queue-settings-fields';
import { WaitlistSettingsFields } from './waitlist-settings-fields';
import { TicketTypesEditor } from './ticket-types-editor';

interface EventFormProps {
  values: EventFormValues;
  onChange: (values: EventFormValues) => void;
  venues: readonly Venue[];
  /** Published: seating and currency stay, and so does the venue of a reserved-seating event. */
  published: boolean;
  /** Cancelled events cannot change. */
  readOnly: boolean;
  pending: boolean;
  serverError: unknown;
  submitLabel: string;
  onSubmit: (input: EventInput) => void;
}

export function EventForm({
  values,
  onChange,
  venues,
  published,
  readOnly,
  pending,
  serverError,
  submitLabel,
  onSubmit,
}: EventFormProps) {
  const { t } = useTranslation('admin-catalog');
  const { errors, startAttempt, markEdited, forget } = useFormErrors(serverError);
  const formRef = useRef<HTMLFormElement>(null);
  const [attempts, setAttempts] = useState(0);
  useFocusFirstInvalid(formRef, attempts);
  // The server's answer comes later than the submit: its field errors take focus when they arrive.
  useFocusFirstInvalid(formRef, serverError);
  const venue = venues.find((candidate) => candidate.id === values.venueId);
  // Standing areas are priced like seat categories and sold by quantity up to their capacity.
  const categories = pricedCategories(venue?.layout ?? null);
  const seatsByCategory = placesByCategory(venue?.layout ?? null);
  // Chosen seats have a fixed price (a seat is held by its id, with no amount beside it).
  const seatedCategories = new Set(layoutCategories(venue?.layout ?? null));

  function set(patch: Partial<EventFormValues>, field?: string) {
    let next = { ...values, ...patch };
    const nextVenue = venues.find((candidate) => candidate.id === next.venueId);
    // Reserved seating needs a seat map; a venue without one means general admission.
    if (next.seating === 'reserved' && nextVenue !== undefined && nextVenue.layout === null)
      next = { ...next, seating: 'general' };
    // Switching to reserved seating with untouched ticket rows: offer one row per seat category.
    const untouched = next.ticketTypes.every((row) => row.id === undefined && row.name === '' && row.price === '');
    if (patch.seating === 'reserved' && untouched && nextVenue?.layout != null)
      next = { ...next, ticketTypes: pricedCategories(nextVenue.layout).map((category) => blankTicketType(category)) };
    onChange(next);
    // Rows removed or replaced: the messages keyed by row position no longer belong to those rows.
    const moved =
      next.ticketTypes.length !== values.ticketTypes.length ||
      next.ticketTypes.some((row, index) => row.key !== values.ticketTypes[index]?.key);
    if (moved) forget('ticketTypes.');
    if (field !== undefined) markEdited(field);
  }

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const { input, errors: found } = formToInput(values, venue?.timeZone, seatedCategories);
    startAttempt(found);
    setAttempts((count) => count + 1);
    if (input !== null) onSubmit(input);
  }

  const fieldNames = [
    'title',
    'description',
    'category',
    'venueId',
    'startsAt',
    'endsAt',
    'doorsAt',
    'salesStartAt',
    'salesEndAt',
    'currency',
    'maxTicketsPerOrder',
    'seating',
    'refundMode',
    'refundPolicy.selfServiceUntil',
    'ticketTypes',
    ...values.ticketTypes.flatMap((_, i) =>
      ['name', 'priceCents', 'capacity', 'seatCategory', 'id'].map((f) => `ticketTypes.${i}.${f}`),
    ),
  ];
  return (
    <form ref={formRef} noValidate onSubmit={handleSubmit} aria-label={t('form.label')}>
      <FormErrorAlert error={serverError} fieldNames={fieldNames} />
      <Box component="fieldset" disabled={readOnly} sx={{ border: 0, p: 0, m: 0, minWidth: 0 }}>
        <Stack spacing={3}>
          <FormSection id="event-details" title={t('form.details')}>
            <Stack spacing={2.5}>
              <TextField
                name="title"
                label={t('form.title')}
                required
                value={values.title}
                onChange={(event) => set({ title: event.target.value }, 'title')}
                error={errors.title !== undefined}
                helperText={errors.title}
                slotProps={{ htmlInput: { maxLength: CATALOG_LIMITS.titleMax } }}
              />
              <TextField
                select
                name="category"
                label={t('form.category')}
                value={values.category}
                onChange={(event) => isEventCategory(event.target.value) && set({ category: event.target.value }, 'category')}
                error={errors.category !== undefined}
                helperText={errors.category}
              >
                {EVENT_CATEGORIES.map((category) => (
                  <MenuItem key={category} value={category}>
                    {categoryLabel(category)}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                name="description"
                label={t('form.description')}
                multiline
                minRows={4}
                value={values.description}
                onChange={(event) => set({ description: event.target.value }, 'description')}
                error={errors.description !== undefined}
                helperText={errors.description ?? t('form.descriptionHelp')}
                slotProps={{ htmlInput: { maxLength: CATALOG_LIMITS.descriptionMax } }}
              />
            </Stack>
          </FormSection>
          <FormSection id="event-schedule" title={t('form.schedule')}>
            <EventScheduleFields
              values={values}
              venues={venues}
              errors={errors}
              venueLocked={published && values.seating === 'reserved'}
              onChange={set}
            />
          </FormSection>
          <FormSection id="event-refunds" title={t('form.refunds')}>
            <RefundPolicyFields values={values} errors={errors} onChange={set} />
          </FormSection>
          <FormSection id="event-waitlist" title={t('form.waitlist')}>
            <WaitlistSettingsFields values={values} errors={errors} onChange={set} />
          </FormSection>
          <FormSection id="event-queue" title={t('queue:admin.title')} description={t('queue:admin.help')}>
            <QueueSettingsFields values={values} errors={errors} onChange={set} />
          </FormSection>
          <FormSection id="event-tickets" title={t('form.tickets')} description={t('form.ticketsHelp')}>
            <Stack spacing={2.5}>
              <Box sx={{ display: 'grid', gap: 2.5, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
                <TextField
                  select
                  name="currency"
                  label={t('form.currency')}
                  value={values.currency}
                  disabled={published}
                  onChange={(event) => set({ currency: event.target.value as Currency }, 'currency')}
                  error={errors.currency !== undefined}
                  helperText={errors.currency ?? (published ? t('form.fixed') : undefined)}
                >
                  {CURRENCIES.map((currency) => (
                    <MenuItem key={currency} value={currency}>
                      {currency}
                    </MenuItem>
                  ))}
                </TextField>
                <TextField
                  name="maxTicketsPerOrder"
                  label={t('form.maxPerOrder')}
                  value={values.maxTicketsPerOrder}
                  onChange={(event) => set({ maxTicketsPerOrder: event.target.value }, 'maxTicketsPerOrder')}
                  error={errors.maxTicketsPerOrder !== undefined}
                  helperText={errors.maxTicketsPerOrder}
                  slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'off' } }}
                />
              </Box>
              <FormControl error={errors.seating !== undefined} disabled={published}>
                <FormLabel id="seating-label">{t('form.seating')}</FormLabel>
                <RadioGroup
                  row
                  name="seating"
                  aria-labelledby="seating-label"
                  value={values.seating}
                  onChange={(event) => set({ seating: event.target.value as Seating }, 'seating')}
                >
                  <FormControlLabel value="general" control={<Radio />} label={t('form.general')} />
                  <FormControlLabel
                    value="reserved"
                    control={<Radio />}
                    label={t('form.reserved')}
                    disabled={published || venue?.layout == null}
                  />
                </RadioGroup>
                <FormHelperText>
                  {errors.seating ??
                    (published
                      ? t('form.fixed')
                      : venue !== undefined && venue.layout === null
                        ? t('form.noSeatMap')
                        : t('form.reservedHelp'))}
                </FormHelperText>
              </FormControl>
              <TicketTypesEditor
                rows={values.ticketTypes}
                seating={values.seating}
                currency={values.currency}
                categories={categories}
                seatsByCategory={seatsByCategory}
                seatedCategories={seatedCategories}
                errors={errors}
                disabled={readOnly}
                onChange={(ticketTypes, field) => set({ ticketTypes }, field)}
              />
            </Stack>
          </FormSection>
        </Stack>
      </Box>
      {!readOnly && (
        <Box sx={{ mt: 3, display: 'flex', justifyContent: 'flex-end' }}>
          <Button type="submit" variant="contained" size="large" loading={pending}>
            {submitLabel}
          </Button>
        </Box>
      )}
    </form>
  );
}
