/**
 * The seat map of a venue being edited. A click (or Enter/Space) on a seat either moves it to the
 * next category or removes it, depending on the tool chosen; new categories can be added to the
 * cycle. The map is the same component buyers use, drawn by category instead of availability.
 */
import { useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import type { Layout } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { categoryColor, freeSeatSx } from '@/components/seat-grid/seat-colors';
import { SeatGrid, type GridSection } from '@/components/seat-grid/seat-grid';
import { SeatLegend } from '@/components/seat-grid/seat-legend';
import { seatCategoryLabel } from '@/lib/catalog-labels';
import { cycleSeatCategory, removeSeat, removeSection, type SeatRef } from '../utils/layout-edit';
import { CategoryAdder } from './category-adder';

type Tool = 'category' | 'remove';

interface EditorSeat extends SeatRef {
  key: string;
  category: string;
}

interface LayoutEditorProps {
  layout: Layout;
  /** The categories a seat cycles through, in order. */
  categories: readonly string[];
  onAddCategory: (category: string) => void;
  onChange: (layout: Layout | null) => void;
}

function toGrid(layout: Layout): GridSection<EditorSeat>[] {
  return layout.sections.map((section, s) => ({
    name: section.name,
    rows: section.rows.map((row, r) => ({
      label: row.label,
      seats: row.seats.map((seat) => ({
        key: `${s}:${r}:${seat.number}`,
        section: s,
        row: r,
        number: seat.number,
        category: seat.category,
      })),
    })),
  }));
}

export function LayoutEditor({ layout, categories, onAddCategory, onChange }: LayoutEditorProps) {
  const [tool, setTool] = useState<Tool>('category');
  const [announcement, setAnnouncement] = useState('');
  const sections = toGrid(layout);
  const counts = new Map<string, number>();
  for (const section of layout.sections)
    for (const row of section.rows) for (const seat of row.seats) counts.set(seat.category, (counts.get(seat.category) ?? 0) + 1);

  function handleSeat(seat: EditorSeat) {
    const rowLabel = layout.sections[seat.section]?.rows[seat.row]?.label ?? '';
    const name = `Row ${rowLabel} seat ${seat.number}`;
    if (tool === 'remove') {
      onChange(removeSeat(layout, seat));
      setAnnouncement(`${name} removed.`);
      return;
    }
    const next = categories[(categories.indexOf(seat.category) + 1) % categories.length] ?? seat.category;
    onChange(cycleSeatCategory(layout, seat, categories));
    setAnnouncement(`${name} is now ${seatCategoryLabel(next).toLowerCase()}.`);
  }

  return (
    <Box>
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        spacing={2}
        sx={{ mb: 2, alignItems: { md: 'center' }, justifyContent: 'space-between' }}
      >
        <ToggleButtonGroup
          exclusive
          size="small"
          value={tool}
          onChange={(_event, next: Tool | null) => next !== null && setTool(next)}
          aria-label="What clicking a seat does"
        >
          <ToggleButton value="category">Change category</ToggleButton>
          <ToggleButton value="remove">Remove seat</ToggleButton>
        </ToggleButtonGroup>
        <CategoryAdder categories={categories} onAdd={onAddCategory} />
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        {tool === 'category'
          ? `Each click moves a seat to the next category: ${categories.map(seatCategoryLabel).join(' → ')} → back to the first.`
          : 'Each click removes a seat. The other seats keep their numbers.'}
      </Typography>
      <Box sx={{ mb: 2 }}>
        <SeatLegend
          label="Seat categories"
          items={categories.map((category) => ({
            label: `${seatCategoryLabel(category)} · ${counts.get(category) ?? 0}`,
            sx: freeSeatSx(categoryColor(category, categories)),
          }))}
        />
      </Box>
      <Typography role="status" sx={visuallyHidden}>
        {announcement}
      </Typography>
      <Box sx={{ p: { xs: 0.5, sm: 2 }, border: 1, borderColor: 'divider', borderRadius: 3, bgcolor: 'background.paper' }}>
        <SeatGrid
          sections={sections}
          label="Seat map preview"
          seatLabel={(seat, row, section) =>
            `${sections.length > 1 ? `${section}, ` : ''}Row ${row} seat ${seat.number}, ${seatCategoryLabel(seat.category).toLowerCase()}`
          }
          seatSx={(seat) => freeSeatSx(categoryColor(seat.category, categories))}
          onSeatClick={handleSeat}
        />
      </Box>
      <Stack
        component="ul"
        direction="row"
        aria-label="Sections"
        sx={{ listStyle: 'none', p: 0, m: 0, mt: 2, flexWrap: 'wrap', gap: 1 }}
      >
        {layout.sections.map((section, index) => (
          <li key={section.name}>
            <Chip
              label={`${section.name} · ${section.rows.reduce((sum, row) => sum + row.seats.length, 0)} seats`}
              variant="outlined"
            />
            <Button size="small" color="error" onClick={() => onChange(removeSection(layout, index))} sx={{ ml: 0.5 }}>
              Remove {section.name}
            </Button>
          </li>
        ))}
      </Stack>
    </Box>
  );
}
