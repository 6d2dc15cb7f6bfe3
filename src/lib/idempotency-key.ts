import { useState } from 'react';

/** Request header (local extension) that makes a POST creating a task safe to repeat. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * A random v4 UUID. `crypto.randomUUID` exists only in secure contexts (https, localhost); a console
 * opened over plain http on a LAN address still has `getRandomValues`.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One key per opening of a dialog: a double click or a retry after a lost answer creates one task, while
 * opening the dialog again starts a new one. Call `renew()` when the dialog opens.
 */
export function useIdempotencyKey(): { key: string; renew: () => void } {
  const [key, setKey] = useState(newIdempotencyKey);
  return { key, renew: () => setKey(newIdempotencyKey()) };
}
