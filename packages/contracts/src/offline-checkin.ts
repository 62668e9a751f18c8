/** Offline check-in (API.md, 2026-12 additions): the snapshot a scanner keeps, and the sync of its queued scans. */
import { Type, type Static } from 'typebox';
import { OrNull } from './schemas.js';
import { CHECKIN_RESULTS, CheckinTicketSchema, TICKET_LIMITS, type CheckinResult } from './tickets.js';

export const SNAPSHOT_TICKET_STATUSES = ['valid', 'checked_in', 'not_valid'] as const;
export type SnapshotTicketStatus = (typeof SNAPSHOT_TICKET_STATUSES)[number];

export const OFFLINE_CHECKIN_LIMITS = {
  /** Scans in one sync request: a device that was offline for a whole evening sends several. */
  scansPerSync: 1000,
  scanIdMaxLength: 100,
  deviceIdMaxLength: TICKET_LIMITS.deviceMaxLength,
} as const;

const Seat = Type.Union([
  Type.Object({ section: Type.String(), row: Type.String(), number: Type.Integer() }, { additionalProperties: false }),
  Type.Null(),
]);

export const CheckinSnapshotSchema = Type.Object(
  {
    eventId: Type.String(),
    generatedAt: Type.String(),
    /** Every key that ever signed a ticket: `publicKey` is the raw 32-byte Ed25519 key in base64. */
    publicKeys: Type.Array(Type.Object({ kid: Type.String(), publicKey: Type.String() }, { additionalProperties: false })),
    tickets: Type.Array(
      Type.Object(
        {
          ticketId: Type.String(),
          status: Type.Unsafe<SnapshotTicketStatus>({ type: 'string', enum: [...SNAPSHOT_TICKET_STATUSES] }),
          typeName: Type.String(),
          seat: Seat,
          attendeeName: OrNull(Type.String()),
          checkedInAt: OrNull(Type.String()),
          /**
           * Addition (transfers): which of the ticket's codes admits. 0 is its original "IT1" code;
           * each transfer signs an "IT2" code with the next number, and a code of any other
           * generation answers `not_valid`. Absent means 0.
           */
          qrGeneration: Type.Optional(Type.Integer({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CheckinSnapshot = Static<typeof CheckinSnapshotSchema>;
export type SnapshotTicket = CheckinSnapshot['tickets'][number];

export const CheckinSyncRequestSchema = Type.Object(
  {
    eventId: Type.String({ minLength: 1, maxLength: 100 }),
    deviceId: Type.String({ minLength: 1, maxLength: OFFLINE_CHECKIN_LIMITS.deviceIdMaxLength }),
    scans: Type.Array(
      Type.Object(
        {
          scanId: Type.String({ minLength: 1, maxLength: OFFLINE_CHECKIN_LIMITS.scanIdMaxLength }),
          code: Type.String({ minLength: 1, maxLength: TICKET_LIMITS.codeMaxLength }),
          scannedAt: Type.String({ format: 'date-time' }),
          /**
           * Addition: what the device answered offline. Omitted, the scan counts as admitted offline (the
           * reason to sync it), so a later server `already_checked_in` is recorded as a conflict.
           */
          localResult: Type.Optional(Type.Unsafe<CheckinResult>({ type: 'string', enum: [...CHECKIN_RESULTS] })),
        },
        { additionalProperties: false },
      ),
      { maxItems: OFFLINE_CHECKIN_LIMITS.scansPerSync },
    ),
  },
  { additionalProperties: false },
);
export type CheckinSyncRequest = Static<typeof CheckinSyncRequestSchema>;

const FirstScan = Type.Union([
  Type.Object({ deviceId: OrNull(Type.String()), scannedAt: Type.String() }, { additionalProperties: false }),
  Type.Null(),
]);

export const CheckinSyncResponseSchema = Type.Object(
  {
    results: Type.Array(
      Type.Object(
        {
          scanId: Type.String(),
          result: Type.Unsafe<CheckinResult>({ type: 'string', enum: [...CHECKIN_RESULTS] }),
          ticket: Type.Union([CheckinTicketSchema, Type.Null()]),
          firstScan: FirstScan,
          /** Addition: this scan was admitted offline by its device but another scan had been first. */
          conflict: Type.Boolean(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CheckinSyncResponse = Static<typeof CheckinSyncResponseSchema>;
export type CheckinSyncResult = CheckinSyncResponse['results'][number];

/** Addition: GET /api/events/:id/checkin-conflicts, the duplicates of an event for the devices and the dashboard. */
export const CheckinConflictsSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          scanId: Type.String(),
          ticket: CheckinTicketSchema,
          /** The scan that admitted the ticket (the server's `ok`). */
          admitted: Type.Object({ deviceId: OrNull(Type.String()), scannedAt: Type.String() }, { additionalProperties: false }),
          /** The device that also let the person in while offline. */
          duplicate: Type.Object({ deviceId: Type.String(), scannedAt: Type.String() }, { additionalProperties: false }),
          recordedAt: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CheckinConflicts = Static<typeof CheckinConflictsSchema>;
export type CheckinConflict = CheckinConflicts['items'][number];
