/**
 * One section on the drawing: its seats as one path per category (plus rings for wheelchair and
 * companion seats), an outline to grab, a standing area's box. Memoized: it redraws only when its
 * section object, selection or drag offset changes.
 */
import { memo, type KeyboardEvent } from 'react';
import { useTheme } from '@mui/material/styles';
import type { LayoutSection } from '@iatichet/contracts';
import { categoryColor } from '@/components/seat-grid/seat-colors';
import { drawingOf, type Point } from '../utils/drawing-geometry';

export const circles = (points: readonly Point[], r: number) =>
  points.map((p) => `M${p.x - r} ${p.y}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`).join('');

function seatRadius(section: LayoutSection): number {
  const spacing = drawingOf(section)?.seatSpacing ?? 12;
  return Math.max(Math.min(spacing * 0.4, 6), 0.6);
}

export interface SectionShapeProps {
  section: LayoutSection;
  index: number;
  categories: readonly string[];
  selected: boolean;
  label: string;
  offset: Point | null;
  onKey: (index: number, event: KeyboardEvent) => void;
}

export const SectionShape = memo(function SectionShape({
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
