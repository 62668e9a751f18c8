/**
 * Ticket set-ups for browser tests, straight through the API in their own cookie jars: a paid
 * reservation (simulated success card) and a staff account promoted by the admin.
 */
import type { APIRequestContext } from 'playwright-core';
import { signedIn, type TestAccount } from './accounts';
import { createPendingReservation } from './reservations';

interface PaidReservation {
  id: string;
  code: string;
  event: { id: string; title: string };
  tickets: { id: string; qr: string }[];
}

async function expectOk(response: Awaited<ReturnType<APIRequestContext['get']>>, what: string) {
  if (!response.ok()) throw new Error(`${what} answered ${response.status()}: ${await response.text()}`);
  return response;
}

/** Holds `quantity` tickets of the general-admission event `title` for `account` and pays for them. */
export async function createPaidReservation(
  baseURL: string,
  account: TestAccount,
  title: string,
  quantity = 2,
): Promise<PaidReservation> {
  const { id } = await createPendingReservation(baseURL, account, title, quantity);
  const { api, headers } = await signedIn(baseURL, account);
  try {
    const card = { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' };
    const paid = await expectOk(
      await api.post(`/api/reservations/${id}/pay`, { data: { method: 'card', card }, headers }),
      'pay',
    );
    return (await paid.json()) as PaidReservation;
  } finally {
    await api.dispose();
  }
}

/** The admin gives `email`'s account the staff role (or, with 'user', takes it away). */
export async function promoteToStaff(
  baseURL: string,
  admin: Pick<TestAccount, 'email' | 'password'>,
  email: string,
  /** 'user' takes the staff role away again. */
  role: 'staff' | 'user' = 'staff',
): Promise<void> {
  const { api, headers } = await signedIn(baseURL, admin);
  try {
    const users = (await (await expectOk(await api.get('/api/admin/users', { params: { q: email } }), 'users')).json()) as {
      items: { id: string; email: string }[];
    };
    const user = users.items.find((u) => u.email === email);
    if (user === undefined) throw new Error(`no user ${email}`);
    await expectOk(await api.patch(`/api/admin/users/${user.id}`, { data: { role }, headers }), 'set role');
  } finally {
    await api.dispose();
  }
}
