import { z } from 'zod';
import { SKILLS } from '../../skills/index.ts';
import { restockableFacings } from '../../skills/restock.ts';
import { createDefaultRegistries } from '../../src/task/default-registries.ts';
import { defineItemQuery, type TaskRegistries } from '../../src/task/registries.ts';

/** `planogramGaps: { stock: stock-tote }`: names of the empty facings whose product is in stock, in planogram order. */
export const planogramGaps = defineItemQuery({
  description: 'empty planogram facings whose product is in the stock place',
  params: z.strictObject({ stock: z.string().min(1).default('stock-tote') }).default({ stock: 'stock-tote' }),
  query: ({ stock }, ctx) => restockableFacings(ctx, stock),
});

/** The registries `tasks/restock.yaml` compiles against: every skill, plus the planogram item query. */
export function restockRegistries(): TaskRegistries {
  const registries = createDefaultRegistries(SKILLS);
  registries.itemQueries.register('planogramGaps', planogramGaps);
  return registries;
}
