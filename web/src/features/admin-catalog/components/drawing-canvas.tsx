/**
 * The venue drawn on its 0–1000 plane as SVG. Each section is one memoized group whose seats are
 * drawn as one path per category, so a 20,000-seat stadium is a few hundred DOM nodes and an edit
 * redraws only the sections it changed. Dragging moves a section (or the stage) with a transform
 * and commits once on release; in the select tool a dragged rectangle (or a tap) picks seats.
 * Sections are buttons for the keyboard: Enter selects one, the arrow keys move it, Delete removes it.
 */
import { memo, useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import Box from '@mui/material/Box';
import { useTheme } from '@mui/material/styles';
import { useTranslation } from 'react-i18next';
import type { Layout, LayoutSection } from '@iatichet/contracts';
import { categoryColor } from '@/components/seat-grid/seat-colors';
import { seatKey, seatsInRect, type Rect } from '../utils/drawing-edit';
import { drawingOf, stageOf, type Point } from '../utils/drawing-geometry';

export type DrawingTool = 'move' | 'select';
/** The stage's index when it is dragged like a section. */
export const STAGE = -1;

interface DrawingCanvasProps {
  /** The layout with every seat placed (grid sections at their default places). */
  layout: Layout;
  categories: readonly string[];
  tool: DrawingTool;
  selectedSection: number | null;
  selectedSeats: ReadonlySet<string>;
  onSelectSection: (index: number) => void;
  onMove: (index: number, dx: number, dy: number) => void;
  onDeleteSection: (index: number) => void;
  /** `toggle` for a tap, `add` for a shift-drag, `replace` for a drag. */
  onSelectSeats: (keys: string[], mode: 'replace' | 'add' | 'toggle') => void;
}

const circles = (points: readonly Point[], r: number) =>
  points.map((p) => `M${p.x - r} ${p.y}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`).join('');

function seatRadius(section: LayoutSection): number {
  const spacing = drawingOf(section)?.seatSpacing ?? 12;
  return Math.max(Math.min(spacing * 0.4, 6), 0.6);
}

interface SectionShapeProps {
  section: LayoutSection;
  index: number;
  categories: readonly string[];
  selected: boolean;
  label: string;
  offset: Point | null;
  onKey: (index: number, event: KeyboardEvent) => void;
}

const SectionShape = memo(function SectionShape({
  section,
  index,
  categories,
  selected,
  label,
  offset,
  onKey,
}: SectionShapeProps) {
  const theme = useTheme();
  const draw = drawingOf(section);
  const r = seatRadius(section);
  const byCategory = new Map<string, Point[]>();
  const accessible: Point[] = [];
  for (const row of section.rows ?? [])
    for (const seat of row.seats) {
      const point = { x: seat.x ?? 0, y: seat.y ?? 0 };
      const list = byCategory.get(seat.category) ?? [];
      list.push(point);
      byCategory.set(seat.category, list);
      if (seat.accessible) accessible.push(point);
    }
  const points = [...byCategory.values()].flat();
  const box =
    section.kind === 'standing' && draw !== undefined
      ? { x: draw.x - (draw.width ?? 200) / 2, y: draw.y - (draw.height ?? 100) / 2, w: draw.width ?? 200, h: draw.height ?? 100 }
      : points.length === 0
        ? // Every seat taken out: an outline where the section stands keeps it there to select, move or rebuild.
          draw === undefined
          ? null
          : { x: draw.x - 20, y: draw.y - 20, w: 40, h: 40 }
        : (() => {
            const xs = points.map((p) => p.x);
            const ys = points.map((p) => p.y);
            const [x, y] = [Math.min(...xs) - r * 2, Math.min(...ys) - r * 2];
            return { x, y, w: Math.max(...xs) + r * 2 - x, h: Math.max(...ys) + r * 2 - y };
          })();
  if (box === null) return null;
  const color = categoryColor(section.category ?? 'standard', categories);
  return (
    <g
      data-section={index}
      role="button"
      tabIndex={0}
      aria-label={label}
      aria-pressed={selected}
      onKeyDown={(event) => onKey(index, event)}
      transform={offset === null ? undefined : `translate(${offset.x} ${offset.y})`}
      style={{ cursor: 'grab', outline: 'none' }}
    >
      <rect
        x={box.x}
        y={box.y}
        width={box.w}
        height={box.h}
        rx={section.kind === 'standing' ? 8 : 4}
        fill={section.kind === 'standing' ? color : 'transparent'}
        fillOpacity={section.kind === 'standing' ? 0.18 : 0}
        stroke={selected ? theme.palette.primary.main : section.kind === 'standing' ? color : theme.palette.divider}
        strokeWidth={selected ? 3 : 1}
        strokeDasharray={section.kind === 'standing' ? '8 4' : undefined}
        className="section-outline"
      />
      {section.kind === 'standing' && (
        <text
          x={box.x + box.w / 2}
          y={box.y + box.h / 2}
          textAnchor="middle"
          dominantBaseline="middle"
          fontSize={16}
          fill={theme.palette.text.primary}
        >
          {section.name}
        </text>
      )}
      {[...byCategory].map(([category, list]) => (
        <path key={category} d={circles(list, r)} fill={categoryColor(category, categories)} />
      ))}
      {accessible.length > 0 && (
        <path d={circles(accessible, r * 1.6)} fill="none" stroke={theme.palette.text.primary} strokeWidth={1} />
      )}
    </g>
  );
});

export function DrawingCanvas(props: DrawingCanvasProps) {
  const { layout, categories, tool, selectedSection, selectedSeats, onSelectSection, onMove, onDeleteSection, onSelectSeats } =
    props;
  const { t } = useTranslation('venue-editor');
  const theme = useTheme();
  const svgRef = useRef<SVGSVGElement>(null);
  const drag = useRef<{ index: number | null; start: Point; moved: boolean; add: boolean } | null>(null);
  const [offset, setOffset] = useState<{ index: number; at: Point } | null>(null);
  const [band, setBand] = useState<Rect | null>(null);
  const stage = stageOf(layout);

  function toPlane(event: PointerEvent): Point {
    const matrix = svgRef.current?.getScreenCTM()?.inverse();
    if (matrix === undefined) return { x: 0, y: 0 };
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);
    return { x: point.x, y: point.y };
  }

  function handleDown(event: PointerEvent<SVGSVGElement>) {
    if (event.button !== 0) return;
    const target = (event.target as Element).closest('[data-section]');
    const index = target === null ? null : Number(target.getAttribute('data-section'));
    drag.current = { index: tool === 'move' ? index : null, start: toPlane(event), moved: false, add: event.shiftKey };
    event.currentTarget.setPointerCapture(event.pointerId);
  }

  function handleMove(event: PointerEvent<SVGSVGElement>) {
    const current = drag.current;
    if (current === null) return;
    const at = toPlane(event);
    const [dx, dy] = [at.x - current.start.x, at.y - current.start.y];
    if (!current.moved && Math.hypot(dx, dy) < 3) return;
    current.moved = true;
    if (tool === 'move' && current.index !== null) setOffset({ index: current.index, at: { x: dx, y: dy } });
    else if (tool === 'select') setBand({ x1: current.start.x, y1: current.start.y, x2: at.x, y2: at.y });
  }

  function handleUp(event: PointerEvent<SVGSVGElement>) {
    const current = drag.current;
    drag.current = null;
    setOffset(null);
    setBand(null);
    if (current === null) return;
    const at = toPlane(event);
    if (tool === 'move') {
      if (current.index === null) return;
      if (current.moved) onMove(current.index, Math.round(at.x - current.start.x), Math.round(at.y - current.start.y));
      else if (current.index !== STAGE) onSelectSection(current.index);
      return;
    }
    // A tap picks the seats within a few units of it; a drag picks the rectangle.
    const pad = current.moved ? 0 : 6;
    const rect = { x1: current.start.x - pad, y1: current.start.y - pad, x2: at.x + pad, y2: at.y + pad };
    if (current.moved) onSelectSeats(seatsInRect(layout, rect), current.add ? 'add' : 'replace');
    else onSelectSeats(seatsInRect(layout, rect).slice(0, 1), 'toggle');
  }

  // One stable key handler reading the latest callbacks, so the memoized sections do not redraw
  // whenever the parent makes new ones.
  const handlers = useRef({ onMove, onSelectSection, onDeleteSection });
  useLayoutEffect(() => {
    handlers.current = { onMove, onSelectSection, onDeleteSection };
  });
  const handleKey = useCallback((index: number, event: KeyboardEvent) => {
    const { onMove, onSelectSection, onDeleteSection } = handlers.current;
    const step = event.shiftKey ? 25 : 5;
    const moves: Record<string, Point> = {
      ArrowLeft: { x: -step, y: 0 },
      ArrowRight: { x: step, y: 0 },
      ArrowUp: { x: 0, y: -step },
      ArrowDown: { x: 0, y: step },
    };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      onMove(index, move.x, move.y);
    } else if (event.key === 'Delete' && index !== STAGE) {
      event.preventDefault();
      onDeleteSection(index);
    } else if ((event.key === 'Enter' || event.key === ' ') && index !== STAGE) {
      event.preventDefault();
      onSelectSection(index);
    }
  }, []);

  const selectedPoints: Point[] = [];
  if (selectedSeats.size > 0)
    layout.sections.forEach((section, s) =>
      (section.rows ?? []).forEach((row, r) => {
        for (const seat of row.seats)
          if (selectedSeats.has(seatKey(s, r, seat.number))) selectedPoints.push({ x: seat.x ?? 0, y: seat.y ?? 0 });
      }),
    );

  return (
    <Box sx={{ border: 1, borderColor: 'divider', borderRadius: 3, bgcolor: 'background.paper', overflow: 'hidden' }}>
      <svg
        ref={svgRef}
        viewBox="0 0 1000 1000"
        role="group"
        aria-label={t('canvas.label')}
        onPointerDown={handleDown}
        onPointerMove={handleMove}
        onPointerUp={handleUp}
        onPointerCancel={() => {
          drag.current = null;
          setOffset(null);
          setBand(null);
        }}
        style={{
          display: 'block',
          width: '100%',
          maxHeight: '75vh',
          touchAction: 'none',
          userSelect: 'none',
          cursor: tool === 'select' ? 'crosshair' : 'default',
        }}
      >
        <rect x={0} y={0} width={1000} height={1000} fill={theme.palette.action.hover} />
        {stage !== undefined && (
          <g
            data-section={STAGE}
            role="button"
            tabIndex={0}
            aria-label={t('canvas.stage')}
            onKeyDown={(event) => handleKey(STAGE, event)}
            transform={offset?.index === STAGE ? `translate(${offset.at.x} ${offset.at.y})` : undefined}
            style={{ cursor: 'grab' }}
          >
            <rect
              x={stage.x - stage.width / 2}
              y={stage.y - stage.height / 2}
              width={stage.width}
              height={stage.height}
              rx={6}
              fill={theme.palette.text.primary}
            />
            <text
              x={stage.x}
              y={stage.y}
              textAnchor="middle"
              dominantBaseline="middle"
              fontSize={20}
              fill={theme.palette.background.paper}
            >
              {t('canvas.stageText')}
            </text>
          </g>
        )}
        {layout.sections.map((section, index) => (
          <SectionShape
            key={index}
            section={section}
            index={index}
            categories={categories}
            selected={selectedSection === index}
            label={t('canvas.section', {
              name: section.name,
              count: (section.rows ?? []).reduce((sum, row) => sum + row.seats.length, 0),
            })}
            offset={offset?.index === index ? offset.at : null}
            onKey={handleKey}
          />
        ))}
        {selectedPoints.length > 0 && (
          <path d={circles(selectedPoints, 4)} fill="none" stroke={theme.palette.primary.main} strokeWidth={2.5} />
        )}
        {band !== null && (
          <rect
            x={Math.min(band.x1, band.x2)}
            y={Math.min(band.y1, band.y2)}
            width={Math.abs(band.x2 - band.x1)}
            height={Math.abs(band.y2 - band.y1)}
            fill={theme.palette.primary.main}
            fillOpacity={0.1}
            stroke={theme.palette.primary.main}
            strokeDasharray="6 3"
          />
        )}
      </svg>
    </Box>
  );
}
