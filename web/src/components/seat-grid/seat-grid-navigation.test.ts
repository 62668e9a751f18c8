import { describe, expect, it } from 'vitest';
import { nextSeatKey, seatAfterRemoval } from './seat-grid-navigation';

const row = (label: string, numbers: number[]) => numbers.map((number) => ({ key: `${label}${number}`, number }));
// Row B lost seats 2 and 3; row C (another section) is empty; row D is short.
const rows = [row('A', [1, 2, 3, 4]), row('B', [1, 4]), [], row('D', [1, 2])];

describe('nextSeatKey', () => {
  it('moves left and right within a row and stops at its ends', () => {
    expect(nextSeatKey(rows, 'A2', 'ArrowRight')).toBe('A3');
    expect(nextSeatKey(rows, 'A2', 'ArrowLeft')).toBe('A1');
    expect(nextSeatKey(rows, 'A1', 'ArrowLeft')).toBeUndefined();
    expect(nextSeatKey(rows, 'A4', 'ArrowRight')).toBeUndefined();
    expect(nextSeatKey(rows, 'A2', 'End')).toBe('A4');
    expect(nextSeatKey(rows, 'A3', 'Home')).toBe('A1');
  });

  it('moves up and down to the nearest seat number, skipping rows without seats', () => {
    expect(nextSeatKey(rows, 'A4', 'ArrowDown')).toBe('B4');
    expect(nextSeatKey(rows, 'A2', 'ArrowDown')).toBe('B1');
    expect(nextSeatKey(rows, 'B4', 'ArrowDown')).toBe('D2');
    expect(nextSeatKey(rows, 'D1', 'ArrowUp')).toBe('B1');
    expect(nextSeatKey(rows, 'A3', 'ArrowUp')).toBeUndefined();
  });

  it('stays put for a seat that is not on the map', () => {
    expect(nextSeatKey(rows, 'Z9', 'ArrowDown')).toBeUndefined();
  });
});

describe('seatAfterRemoval', () => {
  it('moves on to the next seat of the row, else the one before, else any seat', () => {
    expect(seatAfterRemoval(rows, 'A2', new Set(['A1', 'A3', 'A4']))).toBe('A3');
    expect(seatAfterRemoval(rows, 'A4', new Set(['A1', 'A2', 'A3']))).toBe('A3');
    expect(seatAfterRemoval(rows, 'D1', new Set(['A1']))).toBe('A1');
    expect(seatAfterRemoval(rows, 'D1', new Set())).toBeUndefined();
  });
});
