import { fileReportSchema, orderInputSchema } from '../orders/order-input';
import type { OrderService } from '../orders/order-service';
import { json, readJson } from './json';
import type { AppRoute } from './router';

/** The orders API: list orders with their files, place an order, report how a file's upload ended. */
export function orderRoutes(orders: OrderService): AppRoute[] {
  return [
    { method: 'GET', path: '/api/orders', handle: () => json(orders.list()) },
    {
      method: 'POST',
      path: '/api/orders',
      handle: async ({ request }) => json(orders.create(await readJson(request, orderInputSchema)), 201),
    },
    {
      method: 'POST',
      path: '/api/orders/:id/files',
      handle: async ({ request, params }) =>
        json(orders.report(params.id ?? '', await readJson(request, fileReportSchema))),
    },
  ];
}
