/**
 * The event form's waiting-room settings (issue #20): the form's strings and their conversion to
 * the API's `queue`. Checked here as the server checks them (the draw happens at salesStartAt, so
 * a queue needs one, and the room must open before it), so the admin learns before saving.
 */
import i18next from 'i18next';
import { QUEUE_LIMITS, type CatalogEvent, type EventQueueSettings } from '@iatichet/contracts';

/** Admit at a fixed rate, or automatically as tickets free up. */
export type AdmitMode = 'automatic' | 'rate';

export interface QueueFormValues {
  queueEnabled: boolean;
  /** When the waiting room opens, the venue's wall clock ('' = as soon as it is on). */
  queueOpensAt: string;
  queueAdmitMode: AdmitMode;
  queueAdmitPerMinute: string;
  queuePassMinutes: string;
}

/** The pass length a new queue starts with: enough to choose seats and pay without hurry. */
export const DEFAULT_PASS_MINUTES = 10;

export function emptyQueueForm(): QueueFormValues {
  return {
    queueEnabled: false,
    queueOpensAt: '',
    queueAdmitMode: 'automatic',
    queueAdmitPerMinute: '',
    queuePassMinutes: String(DEFAULT_PASS_MINUTES),
  };
}

export function queueToForm(queue: CatalogEvent['queue'], local: (iso: string | null) => string): QueueFormValues {
  if (queue === undefined) return emptyQueueForm();
  return {
    queueEnabled: queue.enabled,
    queueOpensAt: local(queue.opensAt),
    queueAdmitMode: queue.admitPerMinute === null ? 'automatic' : 'rate',
    queueAdmitPerMinute: queue.admitPerMinute === null ? '' : String(queue.admitPerMinute),
    queuePassMinutes: String(queue.passMinutes),
  };
}

const wholeNumber = (text: string) => (/^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null);

/**
 * The `queue` to send, with the problems by field name (`queue.opensAt`...). A queue that is off
 * is still sent (so switching it off is saved), and its other fields are then not judged.
 */
export function queueFromForm(
  values: QueueFormValues,
  atVenue: (value: string) => string | null,
  salesStartAt: string | null,
): { queue: EventQueueSettings; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const opensAt = values.queueOpensAt.trim() === '' ? null : atVenue(values.queueOpensAt);
  const admitPerMinute = values.queueAdmitMode === 'automatic' ? null : wholeNumber(values.queueAdmitPerMinute);
  const passMinutes = wholeNumber(values.queuePassMinutes);
  if (values.queueEnabled) {
    if (salesStartAt === null) errors.salesStartAt = i18next.t('queue:admin.validation.salesStartNeeded');
    if (values.queueOpensAt.trim() !== '' && opensAt === null)
      errors['queue.opensAt'] = i18next.t('queue:admin.validation.opensAtInvalid');
    else if (opensAt !== null && salesStartAt !== null && opensAt >= salesStartAt)
      errors['queue.opensAt'] = i18next.t('queue:admin.validation.opensAfterSales');
    if (
      values.queueAdmitMode === 'rate' &&
      (admitPerMinute === null || admitPerMinute < 1 || admitPerMinute > QUEUE_LIMITS.admitPerMinuteMax)
    )
      errors['queue.admitPerMinute'] = i18next.t('queue:admin.validation.admitPerMinute', {
        max: QUEUE_LIMITS.admitPerMinuteMax,
      });
    if (passMinutes === null || passMinutes < QUEUE_LIMITS.passMinutesMin || passMinutes > QUEUE_LIMITS.passMinutesMax)
      errors['queue.passMinutes'] = i18next.t('queue:admin.validation.passMinutes', {
        min: QUEUE_LIMITS.passMinutesMin,
        max: QUEUE_LIMITS.passMinutesMax,
      });
  }
  const inRange = (value: number | null, min: number, max: number) => value !== null && value >= min && value <= max;
  return {
    queue: {
      enabled: values.queueEnabled,
      opensAt,
      admitPerMinute: inRange(admitPerMinute, 1, QUEUE_LIMITS.admitPerMinuteMax) ? admitPerMinute : null,
      passMinutes: inRange(passMinutes, QUEUE_LIMITS.passMinutesMin, QUEUE_LIMITS.passMinutesMax)
        ? (passMinutes ?? DEFAULT_PASS_MINUTES)
        : DEFAULT_PASS_MINUTES,
    },
    errors,
  };
}
