/**
 * The client routes. A layout route draws header and footer; the pathless route inside it catches
 * a page's errors so the header stays usable, and the outer errorElement catches the layout's own.
 * Pages that need a session sit under RequireAuth; admin pages under RequireOrganizerAccess (site
 * admins and organizer members), the users admin under RequireRole(admin).
 */
import { createBrowserRouter } from 'react-router';
import { paths } from '@/config/paths';
import { AuditLogPage } from '@/features/admin-audit/components/audit-log-page';
import { AdminEventsPage } from '@/features/admin-catalog/components/admin-events-page';
import { CodesPage } from '@/features/admin-codes/components/codes-page';
import { AdminInvoicesPage } from '@/features/admin-invoices/components/admin-invoices-page';
import { EventDashboardPage } from '@/features/admin-dashboard/components/event-dashboard-page';
import { EventEditorPage } from '@/features/admin-catalog/components/event-editor-page';
import { QuestionsPage } from '@/features/admin-catalog/components/questions-page';
import { VenueEditorPage } from '@/features/admin-catalog/components/venue-editor-page';
import { VenuesPage } from '@/features/admin-catalog/components/venues-page';
import { DeliveriesPage } from '@/features/admin-organizers/components/deliveries-page';
import { MembersPage } from '@/features/admin-organizers/components/members-page';
import { OrganizerLayout } from '@/features/admin-organizers/components/organizer-layout';
import { RequireOrganizerAccess } from '@/features/admin-organizers/components/require-organizer-access';
import { SettingsPage } from '@/features/admin-organizers/components/settings-page';
import { TokensPage } from '@/features/admin-organizers/components/tokens-page';
import { WebhooksPage } from '@/features/admin-organizers/components/webhooks-page';
import { AdminReservationPage } from '@/features/admin-reservations/components/admin-reservation-page';
import { AdminReservationsPage } from '@/features/admin-reservations/components/admin-reservations-page';
import { UsersPage } from '@/features/admin-users/components/users-page';
import { AccountPage } from '@/features/auth/components/account-page';
import { ForgotPasswordPage } from '@/features/auth/components/forgot-password-page';
import { RegisterPage } from '@/features/auth/components/register-page';
import { ResetPasswordPage } from '@/features/auth/components/reset-password-page';
import { VerifyEmailPage } from '@/features/auth/components/verify-email-page';
import { CheckinEventsPage } from '@/features/checkin/components/checkin-events-page';
import { ScannerPage } from '@/features/checkin/components/scanner-page';
import { SignInPage } from '@/features/auth/components/sign-in-page';
import { WaitingRoomPage } from '@/features/queue/components/waiting-room-page';
import { MyReservationsPage } from '@/features/reservations/components/my-reservations-page';
import { AdminWaitlistPage } from '@/features/waitlist/components/admin-waitlist-page';
import { MyWaitlist } from '@/features/waitlist/components/my-waitlist';
import { ReservationPage } from '@/features/reservations/components/reservation-page';
import { RequireAuth, RequireRole } from '@/lib/auth/require-auth';
import { RootLayout } from './root-layout';
import { AdminHomeRoute } from './routes/admin';
import { EventRoute } from './routes/event';
import { EventsRoute } from './routes/events';
import { HomeRoute } from './routes/home';
import { NotFoundRoute } from './routes/not-found';
import { RouteErrorPage } from './routes/route-error';

const ADMINS = ['admin'] as const;
const DOOR_STAFF = ['staff', 'admin'] as const;

export function createAppRouter() {
  return createBrowserRouter([
    {
      element: <RootLayout />,
      errorElement: <RouteErrorPage />,
      children: [
        {
          errorElement: <RouteErrorPage />,
          children: [
            { path: paths.home.path, element: <HomeRoute /> },
            { path: paths.events.path, element: <EventsRoute /> },
            { path: paths.event.path, element: <EventRoute /> },
            { path: paths.eventQueue.path, element: <WaitingRoomPage /> },
            { path: paths.signIn.path, element: <SignInPage /> },
            { path: paths.register.path, element: <RegisterPage /> },
            { path: paths.verifyEmail.path, element: <VerifyEmailPage /> },
            { path: paths.forgotPassword.path, element: <ForgotPasswordPage /> },
            { path: paths.resetPassword.path, element: <ResetPasswordPage /> },
            {
              element: <RequireAuth />,
              children: [
                { path: paths.account.path, element: <AccountPage /> },
                {
                  path: paths.reservations.path,
                  element: (
                    <MyReservationsPage>
                      <MyWaitlist />
                    </MyReservationsPage>
                  ),
                },
                { path: paths.reservation.path, element: <ReservationPage /> },
              ],
            },
            {
              element: <RequireRole roles={DOOR_STAFF} />,
              children: [
                { path: paths.checkIn.path, element: <CheckinEventsPage /> },
                { path: paths.checkInEvent.path, element: <ScannerPage /> },
              ],
            },
            {
              element: <RequireRole roles={ADMINS} />,
              children: [{ path: paths.adminUsers.path, element: <UsersPage /> }],
            },
            {
              // Site admins, and members of an organizer (the API shows them their organizers' records only).
              element: <RequireOrganizerAccess />,
              children: [
                { path: paths.admin.path, element: <AdminHomeRoute /> },
                {
                  element: <OrganizerLayout />,
                  children: [
                    { path: paths.adminOrganizer.path, element: <SettingsPage /> },
                    { path: paths.adminOrganizerMembers.path, element: <MembersPage /> },
                    { path: paths.adminOrganizerTokens.path, element: <TokensPage /> },
                    { path: paths.adminOrganizerWebhooks.path, element: <WebhooksPage /> },
                    { path: paths.adminOrganizerWebhook.path, element: <DeliveriesPage /> },
                  ],
                },
                { path: paths.adminAudit.path, element: <AuditLogPage /> },
                { path: paths.adminInvoices.path, element: <AdminInvoicesPage /> },
                { path: paths.adminReservations.path, element: <AdminReservationsPage /> },
                { path: paths.adminReservation.path, element: <AdminReservationPage /> },
                { path: paths.adminEvents.path, element: <AdminEventsPage /> },
                { path: paths.adminEventNew.path, element: <EventEditorPage /> },
                { path: paths.adminEvent.path, element: <EventEditorPage /> },
                { path: paths.adminEventDashboard.path, element: <EventDashboardPage /> },
                { path: paths.adminEventCodes.path, element: <CodesPage /> },
                { path: paths.adminEventQuestions.path, element: <QuestionsPage /> },
                { path: paths.adminEventWaitlist.path, element: <AdminWaitlistPage /> },
                { path: paths.adminVenues.path, element: <VenuesPage /> },
                { path: paths.adminVenueNew.path, element: <VenueEditorPage /> },
                { path: paths.adminVenue.path, element: <VenueEditorPage /> },
              ],
            },
            { path: '*', element: <NotFoundRoute /> },
          ],
        },
      ],
    },
  ]);
}
