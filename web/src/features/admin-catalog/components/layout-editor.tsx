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
import { useTranslation } from 'react-i18next';
import type { Layout } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { categoryColor, freeSeatSx } from '@/components/seat-grid/seat-colors';
import { SeatGrid, type GridSection } from '@/components/seat-grid/seat-grid';
import { SeatLegend } from '@/components/seat-grid/seat-legend';
import { seatCategoryLabel } from '@/lib/catalog-labels';
import { formatNumber } from '@/lib/format-money';
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
    rows: (section.rows ?? []).map((row, r) => ({
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
  const { t } = useTranslation('admin-catalog');
  const [tool, setTool] = useState<Tool>('category');
  const [announcement, setAnnouncement] = useState('');
  const seatsText = (count: number) => t('venues.seats', { count, number: formatNumber(count) });
  const sections = toGrid(layout);
  const counts = new Map<string, number>();
  for (const section of layout.sections)
    for (const row of section.rows ?? [])
      for (const seat of row.seats) counts.set(seat.category, (counts.get(seat.category) ?? 0) + 1);

  function handleSeat(seat: EditorSeat) {
    const rowLabel = layout.sections[seat.section]?.rows?.[seat.row]?.label ?? '';
    const name = t('layout.seat', { row: rowLabel, seat: seat.number });
    if (tool === 'remove') {
      onChange(removeSeat(layout, seat));
      setAnnouncement(t('layout.removed', { seat: name }));
      return;
    }
    const next = categories[(categories.indexOf(seat.category) + 1) % categories.length] ?? seat.category;
    onChange(cycleSeatCategory(layout, seat, categories));
    setAnnouncement(t('layout.nowCategory', { seat: name, category: seatCategoryLabel(next).toLowerCase() }));
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
          aria-label={t('layout.tool')}
        >
          <ToggleButton value="category">{t('layout.changeCategory')}</ToggleButton>
          <ToggleButton value="remove">{t('layout.removeSeat')}</ToggleButton>
        </ToggleButtonGroup>
        <CategoryAdder categories={categories} onAdd={onAddCategory} />
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        {tool === 'category'
          ? t('layout.cycleHelp', { cycle: categories.map(seatCategoryLabel).join(' → ') })
          : t('layout.removeHelp')}
      </Typography>
      <Box sx={{ mb: 2 }}>
        <SeatLegend
          label={t('layout.legend')}
          items={categories.map((category) => ({
            label: `${seatCategoryLabel(category)} · ${formatNumber(counts.get(category) ?? 0)}`,
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
          label={t('layout.preview')}
          seatLabel={(seat, row, section) => {
            const words = { section, row, seat: seat.number, category: seatCategoryLabel(seat.category).toLowerCase() };
            return sections.length > 1 ? t('layout.seatLabelInSection', words) : t('layout.seatLabel', words);
          }}
          seatSx={(seat) => freeSeatSx(categoryColor(seat.category, categories))}
          onSeatClick={handleSeat}
        />
      </Box>
      <Stack
        component="ul"
        direction="row"
        aria-label={t('layout.sections')}
        sx={{ listStyle: 'none', p: 0, m: 0, mt: 2, flexWrap: 'wrap', gap: 1 }}
      >
        {layout.sections.map((section, index) => (
          <li key={section.name}>
            <Chip
              label={`${section.name} · ${seatsText((section.rows ?? []).reduce((sum, row) => sum + row.seats.length, 0))}`}
              variant="outlined"
            />
            <Button size="small" color="error" onClick={() => onChange(removeSection(layout, index))} sx={{ ml: 0.5 }}>
              {t('layout.removeSection', { name: section.name })}
            </Button>
          </li>
        ))}
      </Stack>
    </Box>
  );
}
