import { describe, it } from 'vitest';
import { HIGH, LOW, restockInOrder } from './restock-orders.ts';

// The order of examples/restock-shelf.yaml. Its reverse is in restock-low-then-high.test.ts (a file each, so
// each stays well under a minute).
describe('restocking two slots in one session, high then low (wheeled humanoid, seed 1)', () => {
  it('places both cans and knocks nothing', () => restockInOrder([HIGH, LOW]), 120_000);
});
