/**
 * "Reserve" on the event page: sends the selection through `onReserve` (the reservations flow,
 * wired in app/routes) and turns a refusal into a message. Seats someone else took meanwhile leave
 * the selection and the seat map is refreshed; a sold-out or closed answer refreshes the counts.
 */
import { useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { AnswerInput, CatalogEvent, EventSeat } from '@iatichet/contracts';
import { serverAnswerErrors } from '@/lib/event-questions';
import { isApiError } from '@/lib/api-error';
import type { ChosenPrices, TicketSelection } from '@/lib/ticket-selection';
import { eventQueryOptions } from '../api/get-event';
import { eventSeatsQueryOptions } from '../api/get-event-seats';
import { reserveErrorText, takenSeatIds } from '../utils/reserve-error-text';
import { seatName } from '../utils/seat-sections';

/** What goes with the selection: the applied code, and pay-what-you-want prices per type. */
export interface ReserveExtras {
  code?: string;
  prices?: ChosenPrices;
  /** The seat map's "N best seats": the server picks them (POST /api/reservations `bestAvailable`). */
  bestAvailable?: { ticketTypeId: string; quantity: number };
}

export type ReserveHandler = (
  selection: TicketSelection,
  attendeeNames: readonly string[],
  answers?: readonly AnswerInput[],
  extras?: ReserveExtras,
) => Promise<void>;

/** How long the server may keep serving a cached seat map. */
const MAP_CACHE_MS = 1_100;

const REFRESHING_CODES = new Set(['seats_taken', 'sold_out', 'sales_closed', 'limit_exceeded', 'code_invalid']);

export function useReserve(event: CatalogEvent, onReserve: ReserveHandler | undefined) {
  const queryClient = useQueryClient();
  const [reserving, setReserving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The server's field errors on answers, by place, for the questions step to show on its fields.
  const [answerErrors, setAnswerErrors] = useState<Record<string, string>>({});
  // A ref, not state: a double click arrives before React re-renders the disabled button.
  const inFlight = useRef(false);

  /**
   * The chosen seats that are really gone, judged by a fresh seat map rather than by the error's
   * seat list alone, which can also name seats the failed attempt itself had briefly held. The
   * public map may be up to a second behind (it is cached), so a map that shows none of them taken
   * is asked once more; without any answer, the error's list is all there is.
   */
  async function takenAccordingToFreshMap(caught: unknown): Promise<EventSeat[]> {
    const named = new Set(takenSeatIds(caught));
    const options = eventSeatsQueryOptions(event.id);
    const fallback = () => (queryClient.getQueryData(options.queryKey)?.seats ?? []).filter((seat) => named.has(seat.id));
    try {
      for (let attempt = 1; attempt <= 2; attempt++) {
        if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, MAP_CACHE_MS));
        const fresh = await queryClient.query({ ...options, staleTime: 0 });
        const taken = fresh.seats.filter((seat) => named.has(seat.id) && seat.status !== 'free');
        if (taken.length > 0) return taken;
      }
      return fallback();
    } catch {
      return fallback();
    }
  }

  async function reserve(
    selection: TicketSelection,
    attendeeNames: readonly string[],
    setSelection: (next: TicketSelection) => void,
    answers?: readonly AnswerInput[],
    extras: ReserveExtras = {},
  ): Promise<void> {
    if (onReserve === undefined || inFlight.current) return;
    inFlight.current = true;
    setReserving(true);
    setError(null);
    setAnswerErrors({});
    try {
      await onReserve(selection, attendeeNames, answers, extras);
    } catch (caught) {
      setAnswerErrors(serverAnswerErrors(caught));
      let takenSeatNames: string[] = [];
      if (takenSeatIds(caught).length > 0 && selection.kind === 'reserved') {
        const seats = await takenAccordingToFreshMap(caught);
        const taken = new Set(seats.map((seat) => seat.id));
        const several = new Set(seats.map((seat) => seat.section)).size > 1;
        takenSeatNames = seats.map((seat) => seatName(seat, several));
        setSelection({ kind: 'reserved', seatIds: selection.seatIds.filter((id) => !taken.has(id)) });
      }
      if (isApiError(caught) && REFRESHING_CODES.has(caught.code)) {
        void queryClient.invalidateQueries({ queryKey: eventQueryOptions(event.id).queryKey });
        void queryClient.invalidateQueries({ queryKey: eventSeatsQueryOptions(event.id).queryKey });
      }
      setError(reserveErrorText(caught, { maxTicketsPerOrder: event.maxTicketsPerOrder, takenSeatNames }));
    } finally {
      inFlight.current = false;
      setReserving(false);
    }
  }

  return { reserve, reserving, error, clearError: () => setError(null), answerErrors };
}
