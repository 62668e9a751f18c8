/**
 * The venue drawn on its 0–1000 plane as SVG. Each section is one memoized group whose seats are
 * drawn as one path per category, so a 20,000-seat stadium is a few hundred DOM nodes and an edit
 * redraws only the sections it changed. Dragging moves a section (or the stage) with a transform
 * and commits once on release; in the select tool a dragged rectangle (or a tap) picks seats.
 * Sections are buttons for the keyboard: Enter selects one, the arrow keys move it, Delete removes it.
 */
import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import Box from '@mui/material/Box';
import { useTheme } from '@mui/material/styles';
import { useTranslation } from 'react-i18next';
import type { Layout } from '@iatichet/contracts';
import { seatKey, seatsInRect, type Rect } from '../utils/drawing-edit';
import { stageOf, type Point } from '../utils/drawing-geometry';
import { circles, SectionShape } from './drawing-section-shape';

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
