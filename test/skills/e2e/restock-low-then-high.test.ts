import { describe, it } from 'vitest';
import { HIGH, LOW, restockInOrder } from './restock-orders.ts';

// The order that failed when each skill planned greedily: after the low restock the arm's joints seeded the IK of
// the high one, which then drove around the aisle with the arm held out and the can slipped. The plan now starts
// from the named postures, so the order does not matter.
describe('restocking two slots in one session, low then high (wheeled humanoid, seed 1)', () => {
  it('places both cans and knocks nothing', () => restockInOrder([LOW, HIGH]), 120_000);
});
