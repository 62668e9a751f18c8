/**
 * Choosing tickets on the event page: quantities per ticket type, or seats on the map, optional
 * names on the tickets, then "Reserve". The selection is a `TicketSelection`
 * (src/lib/ticket-selection.ts), which the reservations flow turns into POST /api/reservations
 * through `onReserve` (app/routes/event.tsx); without it, the button says reservations open soon.
 */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useState, type SubmitEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import type { CatalogEvent } from '@iatichet/contracts';
import { eventTimeZone, formatEventTime } from '@/lib/format-event-time';
import { useSearchParams } from 'react-router';
import { selectionFromParam, ticketCount, type ChosenPrices, type TicketSelection } from '@/lib/ticket-selection';
import { QuestionFields } from '@/components/questions/question-fields';
import { useAnswers } from './use-answers';
import { useEventSeats } from '../api/get-event-seats';
import { attendeeNameErrors, fitNames, ticketLabels } from '../utils/attendee-names';
import { salesState, type SalesState } from '../utils/sales-state';
import { AttendeeNamesFields } from './attendee-names-fields';
import { QuantityPicker } from './quantity-picker';
import { SeatPicker } from './seat-picker';
import { SeatMap, usesSeatMap } from '../seat-map/seat-map';
import { SelectionSummary } from './selection-summary';
import { useReserve, type ReserveHandler } from './use-reserve';

export interface TicketSelectionFormProps {
  event: CatalogEvent;
  /** Sends the selection on and rejects with the API's error; leave out while reservations are not available. */
  onReserve?: ReserveHandler;
  /** The discount or access code the event was read with, sent with the reservation. */
  code?: string;
}

function salesNotice(state: SalesState, t: TFunction, timeZone: string): string | null {
  switch (state.kind) {
    case 'open':
      return null;
    case 'not_yet':
      return t('sales.notYet', { time: formatEventTime(state.opensAt, undefined, timeZone) });
    case 'closed':
      return t('sales.closed');
    case 'ended':
      return t('sales.ended');
    case 'cancelled':
      return t('sales.cancelled');
    case 'sold_out':
      return t('sales.soldOut');
  }
}

export function TicketSelectionForm({ event, onReserve, code }: TicketSelectionFormProps) {
  const { t } = useTranslation('events');
  const [searchParams] = useSearchParams();
  // A link may ask for quantities (?tickets=, the embed widget's Buy): they start chosen, clamped.
  const [selection, setSelection] = useState<TicketSelection>(() => selectionFromParam(event, searchParams.get('tickets')));
  const seats = useEventSeats(event.id, event.seating === 'reserved').data ?? [];
  const state = salesState(event);
  const notice = salesNotice(state, t, eventTimeZone(event));
  const closed = state.kind !== 'open';
  const count = ticketCount(selection);
  const { reserve, reserving, error, clearError, answerErrors } = useReserve(event, onReserve);
  const answers = useAnswers(event, selection, seats, onReserve !== undefined && !closed, answerErrors, code);
  const [names, setNames] = useState<string[] | null>(null);
  const [prices, setPrices] = useState<ChosenPrices>({});
  const setPrice = (ticketTypeId: string, cents: number | null) =>
    setPrices((current) => {
      const { [ticketTypeId]: _dropped, ...rest } = current;
      return cents === null ? rest : { ...rest, [ticketTypeId]: cents };
    });
  const [nameAttempt, setNameAttempt] = useState(0);
  const labels = ticketLabels(event, selection, seats);
  const fittedNames = names === null ? null : fitNames(names, labels.length);

  function handleSubmit(submitEvent: SubmitEvent<HTMLFormElement>) {
    submitEvent.preventDefault();
    if (onReserve === undefined || count === 0 || closed) return;
    const namesWrong = fittedNames !== null && attendeeNameErrors(fittedNames).some((message) => message !== undefined);
    if (namesWrong) setNameAttempt((attempt) => attempt + 1);
    // The questions are checked as the server checks them; the names' errors take focus first.
    const answersWrong = !answers.check(!namesWrong);
    if (namesWrong || answersWrong) return;
    void reserve(
      selection,
      (fittedNames ?? []).map((name) => name.trim()),
      setSelection,
      answers.inputs(),
      { code, prices },
    );
  }

  // The seat map's quick-pick and standing areas reserve at once: the server chooses the seats,
  // or sells the standing area by quantity (names and answers are asked for on the reservation).
  const reserveBest = (ticketTypeId: string, quantity: number) => {
    if (closed) return;
    void reserve({ kind: 'reserved', seatIds: [] }, [], setSelection, [], { code, bestAvailable: { ticketTypeId, quantity } });
  };
  const reserveStanding = (quantities: Record<string, number>) => {
    if (closed) return;
    void reserve({ kind: 'general', quantities }, [], setSelection, [], { code });
  };

  return (
    <Box component="form" aria-label={t('form.label')} noValidate onSubmit={handleSubmit}>
      {notice !== null && (
        <Alert severity={state.kind === 'cancelled' ? 'error' : 'info'} sx={{ mb: 3 }}>
          {notice}
        </Alert>
      )}
      {selection.kind === 'general' ? (
        <QuantityPicker
          event={event}
          selection={selection}
          onChange={setSelection}
          disabled={closed}
          prices={prices}
          onPriceChange={setPrice}
        />
      ) : usesSeatMap(seats) ? (
        <SeatMap
          event={event}
          seats={seats}
          seatIds={selection.seatIds}
          onChange={(seatIds) => setSelection({ kind: 'reserved', seatIds })}
          disabled={closed}
          busy={reserving}
          onBestAvailable={onReserve === undefined ? undefined : reserveBest}
          onStanding={onReserve === undefined ? undefined : reserveStanding}
        />
      ) : (
        <SeatPicker
          event={event}
          seatIds={selection.seatIds}
          onChange={(seatIds) => setSelection({ kind: 'reserved', seatIds })}
          disabled={closed}
        />
      )}
      {onReserve !== undefined && count > 0 && !closed && (
        <AttendeeNamesFields labels={labels} names={fittedNames} onChange={setNames} attempt={nameAttempt} disabled={reserving} />
      )}
      {onReserve !== undefined && count > 0 && !closed && (
        <QuestionFields
          questions={answers.questions}
          ticketTypeIds={answers.ticketTypeIds}
          ticketLabels={answers.ticketLabels}
          values={answers.values}
          errors={answers.errors}
          onChange={answers.change}
          attempt={answers.attempt}
          disabled={reserving}
        />
      )}
      <Paper
        elevation={6}
        sx={{
          // Sticky once something is chosen: before that it would sit on the map's first rows the
          // moment they come into view, with nothing to reserve yet.
          position: count > 0 ? 'sticky' : 'static',
          bottom: { xs: 8, sm: 16 },
          zIndex: 2,
          mt: 3,
          p: { xs: 2, sm: 2.5 },
          borderRadius: 3,
        }}
      >
        {error !== null && (
          <Alert severity="error" role="alert" onClose={clearError} sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        <Stack
          direction={{ xs: 'column', sm: 'row' }}
          spacing={2}
          sx={{ alignItems: { sm: 'center' }, justifyContent: 'space-between' }}
        >
          <SelectionSummary
            event={event}
            selection={selection}
            seats={seats}
            prices={prices}
            onRemoveSeat={(id) =>
              setSelection(
                selection.kind === 'reserved'
                  ? { kind: 'reserved', seatIds: selection.seatIds.filter((seat) => seat !== id) }
                  : selection,
              )
            }
          />
          <Button
            type="submit"
            variant="contained"
            color="secondary"
            size="large"
            loading={reserving}
            disabled={onReserve === undefined || count === 0 || closed}
            sx={{ flexShrink: 0, px: 4 }}
          >
            {onReserve === undefined ? t('form.openSoon') : t('form.reserve')}
          </Button>
        </Stack>
      </Paper>
    </Box>
  );
}
