import { useSyncExternalStore } from 'react';

/** Theme preference, kept in localStorage and shared by every component that reads it. */
export type ThemeMode = 'light' | 'dark';
const KEY = 'dc.theme';
const listeners = new Set<() => void>();

function read(): ThemeMode {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
  if (stored === 'light' || stored === 'dark') return stored;
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function setThemeMode(mode: ThemeMode) {
  localStorage.setItem(KEY, mode);
  listeners.forEach((l) => l());
}

export function useThemeMode(): ThemeMode {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    read,
    () => 'light',
  );
}
