/** Builders for organizer tests: organizers made by a site admin, and signed-in members of them. */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { adminClient } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail, type TestUser } from '../support/client.js';
import type { TestEnvironment } from '../support/test-app.js';

export interface Team {
  id: string;
  admin: TestClient;
}

let ip = 0;

/** A new organizer, made by a fresh site admin. */
export async function createOrganizer(env: TestEnvironment, app: FastifyInstance, name: string): Promise<Team> {
  const admin = await adminClient(env, app);
  const res = await admin.post('/api/organizers', { name });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json<{ id: string }>().id, admin };
}

/** A signed-in person added to the organizer's team with `role` (by the site admin). */
export async function member(team: Team, role: 'owner' | 'manager' | 'checkin'): Promise<{ client: TestClient; user: TestUser }> {
  ip++;
  const client = new TestClient(team.admin.app, `10.77.${Math.floor(ip / 250)}.${ip % 250}`);
  const user = await client.register(uniqueEmail(role));
  const res = await team.admin.post(`/api/organizers/${team.id}/members`, { email: user.email, role });
  expect(res.statusCode, res.body).toBe(201);
  return { client, user };
}
