import { describe, expect, it } from 'vitest';
import { initialStatus, nextStatus } from './state-machine.js';

describe('sample state machine', () => {
  it.each([
    ['UN_ANNOTATION', 'human_labeled', 2, 'MANUAL_ANNOTATION'],
    ['AUTO_ANNOTATION', 'human_labeled', 1, 'MANUAL_ANNOTATION'],
    ['MANUAL_ANNOTATION', 'human_labeled', 0, 'UN_ANNOTATION'],
    ['UN_ANNOTATION', 'auto_labeled', 1, 'AUTO_ANNOTATION'],
    ['AUTO_ANNOTATION', 'auto_labeled', 0, 'UN_ANNOTATION'],
    ['AUTO_ANNOTATION', 'labels_removed', 1, 'AUTO_ANNOTATION'],
    ['MANUAL_ANNOTATION', 'labels_removed', 3, 'MANUAL_ANNOTATION'],
    ['AUTO_ANNOTATION', 'labels_removed', 0, 'UN_ANNOTATION'],
  ] as const)('%s --%s--> with %i labels left is %s', (from, event, labels, to) => {
    expect(nextStatus(from, event, labels)).toBe(to);
  });

  it('starts new samples as imported (final) or to be confirmed', () => {
    expect(initialStatus(0, true)).toBe('UN_ANNOTATION');
    expect(initialStatus(2, true)).toBe('MANUAL_ANNOTATION');
    expect(initialStatus(2, false)).toBe('AUTO_ANNOTATION');
    expect(initialStatus(0, false)).toBe('UN_ANNOTATION');
  });
});
