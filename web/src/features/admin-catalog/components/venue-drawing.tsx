/**
 * The drawn venue editor: sections, tables and standing areas placed on the plane, moved by drag
 * (or the arrow keys) and set up in the inspector; seats selected by rectangle and painted; a
 * stage that ranks the rows by distance; undo and redo (buttons, Ctrl+Z, Ctrl+Shift+Z). It edits
 * the same layout as the grid editor, and an old grid layout opens untouched at default places.
 */
import { useCallback, useMemo, useState, type KeyboardEvent } from 'react';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import RedoRoundedIcon from '@mui/icons-material/RedoRounded';
import UndoRoundedIcon from '@mui/icons-material/UndoRounded';
import { useTranslation } from 'react-i18next';
import type { Layout, LayoutSeat } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { categoryColor, freeSeatSx } from '@/components/seat-grid/seat-colors';
import { SeatLegend } from '@/components/seat-grid/seat-legend';
import { seatCategoryLabel } from '@/lib/catalog-labels';
import {
  changeSeats,
  deleteSection,
  moveSection,
  putSection,
  seatKey,
  sectionSpec,
  setStage,
  withDefaultPositions,
} from '../utils/drawing-edit';
import { DEFAULT_DRAWING, stageOf, type SectionSpec, type Shape } from '../utils/drawing-geometry';
import { seatCount } from '../utils/layout-edit';
import { DrawingCanvas, STAGE, type DrawingTool } from './drawing-canvas';
import { DrawingInspector } from './drawing-inspector';
import { DrawingSelectionBar } from './drawing-selection-bar';
import type { LayoutHistory } from './use-layout-history';

interface VenueDrawingProps {
  history: LayoutHistory;
  categories: readonly string[];
  onEdited: () => void;
}

const NEW_SECTION: Record<Shape, { rowCounts: number[]; width?: number; height?: number }> = {
  rows: { rowCounts: [10, 10, 10, 10, 10] },
  table: { rowCounts: [8] },
  standing: { rowCounts: [], width: 200, height: 100 },
};

export function VenueDrawing({ history, categories, onEdited }: VenueDrawingProps) {
  const { t } = useTranslation('venue-editor');
  const { layout, change } = history;
  const [tool, setTool] = useState<DrawingTool>('move');
  const [selected, setSelected] = useState<number | null>(null);
  const [seats, setSeats] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  const view = useMemo(() => (layout === null ? null : withDefaultPositions(layout)), [layout]);
  const stage = stageOf(layout);

  const commit = useCallback(
    (next: Layout | null, message: string) => {
      change(next);
      onEdited();
      setAnnouncement(message);
    },
    [change, onEdited],
  );

  function add(shape: Shape) {
    const names = new Set(layout?.sections.map((section) => section.name));
    const base = { rows: t('names.section'), table: t('names.table'), standing: t('names.standing') }[shape];
    let number = 1;
    while (names.has(`${base} ${number}`)) number++;
    const index = layout?.sections.length ?? 0;
    const spec: SectionSpec = {
      name: `${base} ${number}`,
      shape,
      // A standing area sells by quantity, so its category is its own, never one that seats use (the server refuses that).
      category: shape === 'standing' ? standingCategory(layout) : (categories[0] ?? 'standard'),
      draw: { ...DEFAULT_DRAWING, shape, ...NEW_SECTION[shape] },
      rowCounts: NEW_SECTION[shape].rowCounts,
      ...(shape === 'standing' ? { capacity: 100 } : {}),
    };
    commit(putSection(layout, index, spec), t('announce.added', { name: spec.name }));
    setSelected(index);
    setSeats(new Set());
  }

  const handleMove = useCallback(
    (index: number, dx: number, dy: number) => {
      if (layout === null) return;
      if (index === STAGE) {
        if (stage === undefined) return;
        const clamp = (value: number) => Math.round(Math.min(Math.max(value, 0), 1000));
        commit(setStage(layout, { ...stage, x: clamp(stage.x + dx), y: clamp(stage.y + dy) }), t('announce.stageMoved'));
        return;
      }
      const next = moveSection(layout, index, dx, dy);
      commit(next, t('announce.moved', { name: next.sections[index]?.name ?? '' }));
    },
    [layout, stage, commit, t],
  );
  const handleSelectSection = useCallback((index: number) => setSelected(index), []);
  const handleDeleteSection = useCallback(
    (index: number) => {
      if (layout === null) return;
      commit(deleteSection(layout, index), t('announce.deleted', { name: layout.sections[index]?.name ?? '' }));
      setSelected(null);
      setSeats(new Set());
    },
    [layout, commit, t],
  );
  const handleSelectSeats = useCallback((keys: string[], mode: 'replace' | 'add' | 'toggle') => {
    setSeats((current) => {
      if (mode === 'replace') return new Set(keys);
      const next = new Set(current);
      for (const key of keys) {
        if (mode === 'toggle' && next.has(key)) next.delete(key);
        else next.add(key);
      }
      return next;
    });
  }, []);

  function handleKeyDown(event: KeyboardEvent) {
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, [contenteditable="true"]') !== null) return;
    if (event.key === 'Escape' && seats.size > 0) {
      setSeats(new Set());
      return;
    }
    if (!(event.ctrlKey || event.metaKey)) return;
    const key = event.key.toLowerCase();
    if (key === 'z' || key === 'y') {
      event.preventDefault();
      if (key === 'y' || event.shiftKey) history.redo();
      else history.undo();
    }
  }

  function changeSelected(edit: (seat: LayoutSeat) => LayoutSeat | null, message: string, removes = false) {
    if (layout === null || view === null) return;
    // Seats of grid sections are selected at their default places: the edit goes to the layout itself.
    const next = changeSeats(layout, seats, edit);
    commit(seatCount(next) === 0 && next.sections.every((section) => section.kind !== 'standing') ? null : next, message);
    if (removes) setSeats(new Set());
  }

  const spec = layout !== null && selected !== null ? sectionSpec(layout, selected) : undefined;
  const accessibleSx = { bgcolor: 'background.paper', borderColor: 'text.primary', borderRadius: '50%' };

  return (
    <Stack spacing={2} onKeyDown={handleKeyDown}>
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        spacing={1.5}
        sx={{ alignItems: { md: 'center' }, justifyContent: 'space-between' }}
      >
        <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
          <Button variant="outlined" onClick={() => add('rows')}>
            {t('toolbar.addRows')}
          </Button>
          <Button variant="outlined" onClick={() => add('table')}>
            {t('toolbar.addTable')}
          </Button>
          <Button variant="outlined" onClick={() => add('standing')}>
            {t('toolbar.addStanding')}
          </Button>
          {layout !== null && (
            <Button
              onClick={() =>
                stage === undefined
                  ? commit(setStage(layout, { x: 500, y: 60, width: 300, height: 50 }), t('announce.stageAdded'))
                  : commit(setStage(layout, null), t('announce.stageRemoved'))
              }
            >
              {stage === undefined ? t('toolbar.addStage') : t('toolbar.removeStage')}
            </Button>
          )}
        </Stack>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <ToggleButtonGroup
            exclusive
            size="small"
            value={tool}
            onChange={(_event, next: DrawingTool | null) => next !== null && setTool(next)}
            aria-label={t('toolbar.tool')}
          >
            <ToggleButton value="move">{t('toolbar.move')}</ToggleButton>
            <ToggleButton value="select">{t('toolbar.select')}</ToggleButton>
          </ToggleButtonGroup>
          <Tooltip title={t('toolbar.undo')}>
            <span>
              <IconButton aria-label={t('toolbar.undo')} onClick={history.undo} disabled={!history.canUndo}>
                <UndoRoundedIcon />
              </IconButton>
            </span>
          </Tooltip>
          <Tooltip title={t('toolbar.redo')}>
            <span>
              <IconButton aria-label={t('toolbar.redo')} onClick={history.redo} disabled={!history.canRedo}>
                <RedoRoundedIcon />
              </IconButton>
            </span>
          </Tooltip>
        </Stack>
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {tool === 'move' ? t('help.move') : t('help.select')}
      </Typography>
      <Typography role="status" sx={visuallyHidden}>
        {announcement}
      </Typography>
      {view === null ? (
        <Typography color="text.secondary">{t('empty')}</Typography>
      ) : (
        <>
          <SeatLegend
            label={t('legend')}
            items={[
              ...categories.map((category) => ({
                label: seatCategoryLabel(category),
                sx: freeSeatSx(categoryColor(category, categories)),
              })),
              { label: t('legendAccessible'), sx: accessibleSx },
            ]}
          />
          <DrawingCanvas
            layout={view}
            categories={categories}
            tool={tool}
            selectedSection={selected}
            selectedSeats={seats}
            onSelectSection={handleSelectSection}
            onMove={handleMove}
            onDeleteSection={handleDeleteSection}
            onSelectSeats={handleSelectSeats}
          />
        </>
      )}
      {seats.size > 0 && (
        <DrawingSelectionBar
          count={seats.size}
          categories={categories}
          onChange={changeSelected}
          onClear={() => setSeats(new Set())}
        />
      )}
      {layout !== null && spec !== undefined && selected !== null && (
        <DrawingInspector
          key={`${selected}:${JSON.stringify(spec)}`}
          spec={spec}
          categories={categories}
          otherNames={layout.sections.filter((_, s) => s !== selected).map((section) => section.name)}
          otherSeats={seatCount(layout) - (layout.sections[selected]?.rows ?? []).reduce((sum, row) => sum + row.seats.length, 0)}
          onApply={(next) => commit(putSection(layout, selected, next), t('announce.applied', { name: next.name }))}
          onDelete={() => handleDeleteSection(selected)}
          onSelectSeats={() =>
            setSeats(
              new Set(
                (view?.sections[selected]?.rows ?? []).flatMap((row, r) =>
                  row.seats.map((seat) => seatKey(selected, r, seat.number)),
                ),
              ),
            )
          }
        />
      )}
    </Stack>
  );
}

/** The first of standing, standing-2, … that no seat of the layout uses. */
function standingCategory(layout: Layout | null): string {
  const seated = new Set(
    (layout?.sections ?? []).flatMap((section) => (section.rows ?? []).flatMap((row) => row.seats.map((seat) => seat.category))),
  );
  let n = 1;
  while (seated.has(n === 1 ? 'standing' : `standing-${n}`)) n++;
  return n === 1 ? 'standing' : `standing-${n}`;
}
