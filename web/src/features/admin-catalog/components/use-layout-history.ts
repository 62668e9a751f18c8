/** The venue form's layout with undo and redo (utils/drawing-history.ts): every change is one step. */
import { useCallback, useState } from 'react';
import type { Layout } from '@iatichet/contracts';
import { record, redo, startHistory, undo } from '../utils/drawing-history';

export interface LayoutHistory {
  layout: Layout | null;
  change: (next: Layout | null) => void;
  undo: () => void;
  redo: () => void;
  canUndo: boolean;
  canRedo: boolean;
}

export function useLayoutHistory(initial: Layout | null): LayoutHistory {
  const [history, setHistory] = useState(() => startHistory(initial));
  const change = useCallback((next: Layout | null) => setHistory((current) => record(current, next)), []);
  return {
    layout: history.present,
    change,
    undo: useCallback(() => setHistory(undo), []),
    redo: useCallback(() => setHistory(redo), []),
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
  };
}
