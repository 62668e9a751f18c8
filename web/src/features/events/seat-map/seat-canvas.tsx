/**
 * The drawn seat map: a canvas that pans with one finger (or the mouse), pinch-zooms with two (or
 * the wheel), and opens on the whole venue with its sections outlined. Tapping a section zooms to
 * it; tapping a seat when seats are big enough to aim at chooses it. Only the seats on screen are
 * drawn (viewport.ts). Keyboard and screen reader users choose in the list beside it (seat-list.tsx),
 * so the canvas itself is an image with a name.
 */
import { useTranslation } from 'react-i18next';
import { useEffect, useLayoutEffect, useRef, type PointerEvent as ReactPointerEvent } from 'react';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import AddRoundedIcon from '@mui/icons-material/AddRounded';
import RemoveRoundedIcon from '@mui/icons-material/RemoveRounded';
import ZoomOutMapRoundedIcon from '@mui/icons-material/ZoomOutMapRounded';
import type { EventSeat } from '@iatichet/contracts';
import type { PlacedMap, PlacedSeat } from './geometry';
import { drawSeats, isOverview, OVERVIEW_RADIUS_PX, type SeatPalette } from './draw-seats';
import { fitView, panBy, toPlane, zoomAt, type SeatIndex, type Size, type View } from './viewport';

interface SeatCanvasProps {
  map: PlacedMap;
  index: SeatIndex;
  /** The seats as they are now (statuses change; positions do not). */
  live: ReadonlyMap<string, EventSeat>;
  /** What the overview writes on each section, e.g. "A · 120 free". */
  sectionLabels: ReadonlyMap<string, string>;
  chosen: ReadonlySet<string>;
  palette: SeatPalette;
  label: string;
  /** A section to show whole (chosen in the list); null: the whole venue. */
  focusSection: string | null;
  onSection: (name: string) => void;
  onSeat: (seat: PlacedSeat) => void;
}

/** A tap moves less than this many pixels; more is a pan. */
const TAP_SLOP_PX = 10;
/** Zoomed in at most until a seat is this big: plenty for a finger. */
const MAX_RADIUS_PX = 28;
/** A finger may land this far off a seat (CSS pixels) and still choose it. */
const FINGER_PX = 14;

export function SeatCanvas({
  map,
  index,
  live,
  sectionLabels,
  chosen,
  palette,
  label,
  focusSection,
  onSection,
  onSeat,
}: SeatCanvasProps) {
  const { t } = useTranslation('seat-map');
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const sizeRef = useRef<Size>({ width: 0, height: 0 });
  const viewRef = useRef<View | null>(null);
  const frame = useRef(0);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const gesture = useRef<{ startX: number; startY: number; moved: number; multi: boolean } | null>(null);
  // The latest props for the drawing and gesture code, which outlive a render.
  const latest = useRef({ map, index, live, sectionLabels, chosen, palette, onSection, onSeat });
  latest.current = { map, index, live, sectionLabels, chosen, palette, onSection, onSeat };

  const limits = () => {
    const whole = fitView(latest.current.map.bounds, sizeRef.current);
    return { min: whole.scale * 0.8, max: Math.max(whole.scale, MAX_RADIUS_PX / latest.current.map.seatRadius) };
  };

  const draw = () => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const canvas = canvasRef.current;
      const view = viewRef.current;
      const context = canvas?.getContext('2d');
      if (canvas == null || view === null || context == null) return;
      const ratio = window.devicePixelRatio || 1;
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      const { map: m, index: i, live: l, sectionLabels: labels, chosen: c, palette: p } = latest.current;
      const started = performance.now();
      const drawn = drawSeats(context, m, i, l, view, sizeRef.current, c, p, labels);
      canvas.dataset.drawMs = (performance.now() - started).toFixed(1);
      // For tests and tooling: what is on screen, without reading pixels.
      canvas.dataset.drawn = String(drawn);
      canvas.dataset.mode = isOverview(view, m) ? 'overview' : 'seats';
      canvas.dataset.view = `${view.scale},${view.offsetX},${view.offsetY}`;
    });
  };

  const setView = (view: View) => {
    viewRef.current = view;
    draw();
  };

  const showWhole = () => setView(fitView(latest.current.map.bounds, sizeRef.current));
  const showSection = (name: string) => {
    const section = latest.current.map.sections.find((candidate) => candidate.name === name);
    if (section === undefined) return;
    const fitted = fitView(section.box, sizeRef.current, 16);
    // Zoomed enough that seats can be aimed at, even for a section too big to show whole that way.
    const scale = Math.max(fitted.scale, (OVERVIEW_RADIUS_PX * 1.5) / latest.current.map.seatRadius);
    const { max } = limits();
    const { width, height } = sizeRef.current;
    const centre = { x: (section.box.minX + section.box.maxX) / 2, y: (section.box.minY + section.box.maxY) / 2 };
    const s = Math.min(scale, max);
    setView({ scale: s, offsetX: width / 2 - centre.x * s, offsetY: height / 2 - centre.y * s });
  };

  // Size the canvas to its box (and the screen's pixel ratio), keeping the view's centre.
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    const resize = () => {
      const rect = canvas.getBoundingClientRect();
      const ratio = window.devicePixelRatio || 1;
      const first = sizeRef.current.width === 0;
      sizeRef.current = { width: rect.width, height: rect.height };
      canvas.width = Math.round(rect.width * ratio);
      canvas.height = Math.round(rect.height * ratio);
      if (first || viewRef.current === null) showWhole();
      else draw();
    };
    resize();
    const observer = new ResizeObserver(resize);
    observer.observe(canvas);
    // Not through React's onWheel, which is passive: the page must not scroll while the map zooms.
    const onWheel = (event: WheelEvent) => {
      const view = viewRef.current;
      if (view === null) return;
      event.preventDefault();
      const point = local(event);
      const { min, max } = limits();
      setView(zoomAt(view, Math.exp(-event.deltaY * 0.0015), point.x, point.y, min, max));
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      canvas.removeEventListener('wheel', onWheel);
      observer.disconnect();
      cancelAnimationFrame(frame.current);
    };
  }, []);

  // New seats (a new map) start whole; new statuses or choices only redraw.
  useEffect(() => {
    if (sizeRef.current.width > 0) showWhole();
  }, [map.bounds]);
  useEffect(draw, [map, live, sectionLabels, chosen, palette]);
  useEffect(() => {
    if (sizeRef.current.width === 0) return;
    if (focusSection === null) showWhole();
    else showSection(focusSection);
  }, [focusSection]);

  const local = (event: { clientX: number; clientY: number }) => {
    const rect = canvasRef.current?.getBoundingClientRect();
    return { x: event.clientX - (rect?.left ?? 0), y: event.clientY - (rect?.top ?? 0) };
  };

  function handleTap(x: number, y: number) {
    const view = viewRef.current;
    if (view === null) return;
    const { map: m, index: i } = latest.current;
    const at = toPlane(view, x, y);
    if (isOverview(view, m)) {
      const section = m.sections.find(
        (s) => at.x >= s.box.minX && at.x <= s.box.maxX && at.y >= s.box.minY && at.y <= s.box.maxY,
      );
      if (section !== undefined) {
        showSection(section.name);
        latest.current.onSection(section.name);
      }
      return;
    }
    const seat = i.nearest(at.x, at.y, Math.max(m.seatRadius * 1.3, FINGER_PX / view.scale));
    if (seat !== undefined) latest.current.onSeat(seat);
  }

  function onPointerDown(event: ReactPointerEvent<HTMLCanvasElement>) {
    event.currentTarget.setPointerCapture(event.pointerId);
    const point = local(event);
    pointers.current.set(event.pointerId, point);
    if (pointers.current.size === 1) gesture.current = { startX: point.x, startY: point.y, moved: 0, multi: false };
    else if (gesture.current !== null) gesture.current.multi = true;
  }

  function onPointerMove(event: ReactPointerEvent<HTMLCanvasElement>) {
    const before = pointers.current.get(event.pointerId);
    const view = viewRef.current;
    if (before === undefined || view === null) return;
    const point = local(event);
    const others = [...pointers.current].filter(([id]) => id !== event.pointerId).map(([, p]) => p);
    pointers.current.set(event.pointerId, point);
    if (gesture.current !== null) gesture.current.moved += Math.hypot(point.x - before.x, point.y - before.y);
    const other = others[0];
    if (other === undefined) {
      setView(panBy(view, point.x - before.x, point.y - before.y));
      return;
    }
    // Pinch: zoom by how far the fingers spread, about their midpoint, and follow the midpoint.
    const spreadBefore = Math.hypot(before.x - other.x, before.y - other.y);
    const spreadAfter = Math.hypot(point.x - other.x, point.y - other.y);
    const { min, max } = limits();
    const midBefore = { x: (before.x + other.x) / 2, y: (before.y + other.y) / 2 };
    const midAfter = { x: (point.x + other.x) / 2, y: (point.y + other.y) / 2 };
    const zoomed = spreadBefore > 0 ? zoomAt(view, spreadAfter / spreadBefore, midBefore.x, midBefore.y, min, max) : view;
    setView(panBy(zoomed, midAfter.x - midBefore.x, midAfter.y - midBefore.y));
  }

  function onPointerUp(event: ReactPointerEvent<HTMLCanvasElement>) {
    if (!pointers.current.has(event.pointerId)) return;
    pointers.current.delete(event.pointerId);
    const g = gesture.current;
    if (pointers.current.size > 0) return;
    gesture.current = null;
    if (event.type === 'pointerup' && g !== null && !g.multi && g.moved < TAP_SLOP_PX) {
      const point = local(event);
      handleTap(point.x, point.y);
    }
  }

  function zoomButton(factor: number) {
    const view = viewRef.current;
    if (view === null) return;
    const { min, max } = limits();
    setView(zoomAt(view, factor, sizeRef.current.width / 2, sizeRef.current.height / 2, min, max));
  }

  return (
    <Box sx={{ position: 'relative' }}>
      <Box
        component="canvas"
        ref={canvasRef}
        role="img"
        aria-label={label}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        sx={{
          display: 'block',
          width: '100%',
          height: { xs: '60vh', sm: 480 },
          maxHeight: 560,
          minHeight: 300,
          borderRadius: 2,
          // The map handles every gesture itself: the page must not scroll or zoom under a finger on it.
          touchAction: 'none',
          cursor: 'grab',
          userSelect: 'none',
        }}
      />
      <Stack direction="column" spacing={0.5} sx={{ position: 'absolute', top: 8, right: 8 }}>
        {(
          [
            ['zoomIn', <AddRoundedIcon key="in" />, () => zoomButton(1.6)],
            ['zoomOut', <RemoveRoundedIcon key="out" />, () => zoomButton(1 / 1.6)],
            ['whole', <ZoomOutMapRoundedIcon key="whole" />, showWhole],
          ] as const
        ).map(([key, icon, action]) => (
          <Tooltip key={key} title={t(`zoom.${key}`)} placement="left">
            <IconButton
              onClick={action}
              aria-label={t(`zoom.${key}`)}
              size="small"
              sx={{ bgcolor: 'background.paper', border: 1, borderColor: 'divider', '&:hover': { bgcolor: 'background.paper' } }}
            >
              {icon}
            </IconButton>
          </Tooltip>
        ))}
      </Stack>
    </Box>
  );
}
