/**
 * Every client route path, defined once. Routes use `path`; links use `getHref()` so a path with
 * parameters is built (and encoded) in one place.
 */

/** `base` with the given query parameters; empty and missing values are left out. */
function withQuery(base: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
  const search = params.toString();
  return search === '' ? base : `${base}?${search}`;
}

export const paths = {
  home: {
    path: '/',
    getHref: () => '/',
  },
  events: {
    path: '/events',
    getHref: () => '/events',
  },
  event: {
    path: '/events/:id',
    getHref: (id: string) => `/events/${encodeURIComponent(id)}`,
  },
  /** The event's waiting room for an on-sale (features/queue). */
  eventQueue: {
    path: '/events/:id/queue',
    getHref: (id: string) => `/events/${encodeURIComponent(id)}/queue`,
  },
  signIn: {
    path: '/sign-in',
    /** `returnTo`: where to go once signed in (checked again by the sign-in page before use). */
    getHref: (returnTo?: string) => withQuery('/sign-in', { returnTo }),
  },
  register: {
    path: '/register',
    getHref: (returnTo?: string) => withQuery('/register', { returnTo }),
  },
  /** Landing page of the link in the verification email. */
  verifyEmail: {
    path: '/verify-email',
    getHref: () => '/verify-email',
  },
  forgotPassword: {
    path: '/forgot-password',
    getHref: () => '/forgot-password',
  },
  /** Landing page of the link in the password-reset email. */
  resetPassword: {
    path: '/reset-password',
    getHref: () => '/reset-password',
  },
  account: {
    path: '/account',
    getHref: () => '/account',
  },
  reservations: {
    path: '/reservations',
    getHref: () => '/reservations',
  },
  /** One reservation, and its checkout while it waits for payment (Stripe returns here too). */
  reservation: {
    path: '/reservations/:id',
    getHref: (id: string) => `/reservations/${encodeURIComponent(id)}`,
  },
  /** The door: choose an event, then scan its tickets (staff and admins). */
  checkIn: {
    path: '/check-in',
    getHref: () => '/check-in',
  },
  checkInEvent: {
    path: '/check-in/:eventId',
    getHref: (eventId: string) => `/check-in/${encodeURIComponent(eventId)}`,
  },
  admin: {
    path: '/admin',
    getHref: () => '/admin',
  },
  adminUsers: {
    path: '/admin/users',
    getHref: () => '/admin/users',
  },
  adminReservations: {
    path: '/admin/reservations',
    getHref: (filters: { eventId?: string; status?: string; q?: string; questionId?: string; answer?: string } = {}) =>
      withQuery('/admin/reservations', filters),
  },
  adminReservation: {
    path: '/admin/reservations/:id',
    getHref: (id: string) => `/admin/reservations/${encodeURIComponent(id)}`,
  },
  /** The register of invoices and credit notes (issue 18). */
  adminInvoices: {
    path: '/admin/invoices',
    getHref: () => '/admin/invoices',
  },
  adminAudit: {
    path: '/admin/audit',
    getHref: (filters: { action?: string; entityId?: string } = {}) => withQuery('/admin/audit', filters),
  },
  adminEvents: {
    path: '/admin/events',
    getHref: () => '/admin/events',
  },
  adminEventNew: {
    path: '/admin/events/new',
    getHref: () => '/admin/events/new',
  },
  adminEvent: {
    path: '/admin/events/:id',
    getHref: (id: string) => `/admin/events/${encodeURIComponent(id)}`,
  },
  /** One event's live sale numbers. */
  adminEventDashboard: {
    path: '/admin/events/:id/dashboard',
    getHref: (id: string) => `/admin/events/${encodeURIComponent(id)}/dashboard`,
  },
  /** One event's discount and access codes. */
  adminEventCodes: {
    path: '/admin/events/:id/codes',
    getHref: (id: string) => `/admin/events/${encodeURIComponent(id)}/codes`,
  },
  /** What the event asks its buyers (features/admin-catalog/components/questions-page.tsx). */
  adminEventQuestions: {
    path: '/admin/events/:id/questions',
    getHref: (id: string) => `/admin/events/${encodeURIComponent(id)}/questions`,
  },
  /** One event's waiting lists (features/waitlist). */
  adminEventWaitlist: {
    path: '/admin/events/:id/waitlist',
    getHref: (id: string) => `/admin/events/${encodeURIComponent(id)}/waitlist`,
  },
  adminVenues: {
    path: '/admin/venues',
    getHref: () => '/admin/venues',
  },
  adminVenueNew: {
    path: '/admin/venues/new',
    getHref: () => '/admin/venues/new',
  },
  adminVenue: {
    path: '/admin/venues/:id',
    getHref: (id: string) => `/admin/venues/${encodeURIComponent(id)}`,
  },
  /** The chosen organizer's settings, team, API tokens and webhooks (features/admin-organizers). */
  adminOrganizer: {
    path: '/admin/organizer',
    getHref: () => '/admin/organizer',
  },
  adminOrganizerMembers: {
    path: '/admin/organizer/members',
    getHref: () => '/admin/organizer/members',
  },
  adminOrganizerTokens: {
    path: '/admin/organizer/tokens',
    getHref: () => '/admin/organizer/tokens',
  },
  adminOrganizerWebhooks: {
    path: '/admin/organizer/webhooks',
    getHref: () => '/admin/organizer/webhooks',
  },
  adminOrganizerWebhook: {
    path: '/admin/organizer/webhooks/:hookId',
    getHref: (hookId: string) => `/admin/organizer/webhooks/${encodeURIComponent(hookId)}`,
  },
} as const;
