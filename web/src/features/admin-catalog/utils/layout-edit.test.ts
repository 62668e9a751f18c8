import { describe, expect, it } from 'vitest';
import { addSection, cycleSeatCategory, layoutCategories, removeSeat, removeSection, rowLabel, seatCount } from './layout-edit';

const categories = ['standard', 'premium', 'accessible'];

describe('layout editing', () => {
  it('labels rows A to Z, then AA, AB', () => {
    expect([0, 1, 25, 26, 27, 51, 52].map(rowLabel)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA']);
  });

  it('generates a section of rows x seats in one category, after the existing ones', () => {
    const layout = addSection(addSection(null, { name: 'Stalls', rows: 3, seatsPerRow: 4, category: 'standard' }), {
      name: 'Balcony',
      rows: 1,
      seatsPerRow: 2,
      category: 'premium',
    });
    expect(layout.sections.map((section) => section.name)).toEqual(['Stalls', 'Balcony']);
    expect(layout.sections[0]?.rows?.map((row) => row.label)).toEqual(['A', 'B', 'C']);
    expect(seatCount(layout)).toBe(14);
    expect(layoutCategories(layout)).toEqual(['standard', 'premium']);
    const boxesFirst = addSection(null, { name: 'Boxes', rows: 1, seatsPerRow: 1, category: 'box' });
    expect(layoutCategories(addSection(boxesFirst, { name: 'Stalls', rows: 1, seatsPerRow: 1, category: 'premium' }))).toEqual([
      'premium',
      'box',
    ]);
  });

  it('cycles one seat through the categories and leaves the others alone', () => {
    let layout = addSection(null, { name: 'Stalls', rows: 2, seatsPerRow: 2, category: 'standard' });
    layout = cycleSeatCategory(layout, { section: 0, row: 1, number: 2 }, categories);
    expect(layout.sections[0]?.rows?.[1]?.seats[1]?.category).toBe('premium');
    layout = cycleSeatCategory(
      cycleSeatCategory(layout, { section: 0, row: 1, number: 2 }, categories),
      { section: 0, row: 1, number: 2 },
      categories,
    );
    expect(layout.sections[0]?.rows?.[1]?.seats[1]?.category).toBe('standard');
    expect(layoutCategories(layout)).toEqual(['standard']);
  });

  it('removes a seat, keeps the numbers of the others, and drops what becomes empty', () => {
    const box = addSection(null, { name: 'Box', rows: 1, seatsPerRow: 2, category: 'standard' });
    const one = removeSeat(box, { section: 0, row: 0, number: 1 });
    expect(one?.sections[0]?.rows?.[0]?.seats).toEqual([{ number: 2, category: 'standard' }]);
    if (one === null) throw new Error('one seat should be left');
    expect(removeSeat(one, { section: 0, row: 0, number: 2 })).toBeNull();
    expect(removeSection(one, 0)).toBeNull();
  });

  it('keeps standing areas and the drawing’s own fields when a seat or section is taken away in the grid', () => {
    const seated = addSection(null, { name: 'Stalls', rows: 1, seatsPerRow: 2, category: 'standard' });
    const layout = {
      ...seated,
      stage: { x: 500, y: 50, width: 300, height: 50 },
      sections: [...seated.sections, { name: 'Pit', kind: 'standing' as const, capacity: 200, category: 'standard' }],
    };
    const after = removeSeat(layout, { section: 0, row: 0, number: 1 });
    expect(after?.sections.map((section) => section.name)).toEqual(['Stalls', 'Pit']);
    expect(after?.sections[1]).toBe(layout.sections[1]);
    expect((after as { stage?: unknown } | null)?.stage).toEqual(layout.stage);
    expect(removeSection(layout, 0)?.sections).toEqual([layout.sections[1]]);
    expect(
      (addSection(layout, { name: 'Balcony', rows: 1, seatsPerRow: 1, category: 'standard' }) as { stage?: unknown }).stage,
    ).toEqual(layout.stage);
  });
});
