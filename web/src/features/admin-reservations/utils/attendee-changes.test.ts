import { describe, expect, it } from 'vitest';
import { changedAttendees } from './attendee-changes';

describe('changedAttendees', () => {
  const tickets = [
    { id: 't1', attendeeName: 'Ana Pop' },
    { id: 't2', attendeeName: null },
    { id: 't3', attendeeName: 'Dan' },
  ];

  it('sends only the names that changed', () => {
    expect(changedAttendees(tickets, { t1: 'Ana Pop ', t2: 'Ion', t3: 'Dan' })).toEqual([{ ticketId: 't2', name: 'Ion' }]);
  });

  it('reports a cleared name as a change, for the form to refuse', () => {
    expect(changedAttendees(tickets, { t1: '', t2: '', t3: 'Dan' })).toEqual([{ ticketId: 't1', name: '' }]);
  });
});
