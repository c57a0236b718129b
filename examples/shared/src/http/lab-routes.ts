import type { StorageConfig } from '../config';
import { labInputSchema, parseLabInput } from '../labs/lab-input';
import type { LabService } from '../labs/lab-service';
import { json, readJson } from './json';
import type { AppRoute } from './router';

const checkInputSchema = labInputSchema.extend({ id: labInputSchema.shape.bucket.optional() });

/**
 * The lab settings API: list, add and change labs (each save runs the
 * connection check and keeps its outcome), and check a connection, saved or
 * still in the form. No answer ever holds a secret.
 */
export function labRoutes(labs: LabService, storage: StorageConfig): AppRoute[] {
  const saved = async (id: string) => ({ lab: await labs.view(id), check: await labs.check(id) });
  return [
    { method: 'GET', path: '/api/labs', handle: async () => json(await labs.list()) },
    {
      method: 'POST',
      path: '/api/labs',
      async handle({ request }) {
        const body = await readJson(request, labInputSchema);
        const lab = await labs.save(parseLabInput({ ...body, name: body.name ?? '' }, storage));
        return json(await saved(lab.id), 201);
      },
    },
    {
      method: 'PUT',
      path: '/api/labs/:id',
      async handle({ request, params }) {
        const body = await readJson(request, labInputSchema);
        const lab = await labs.save(parseLabInput(body, storage), params.id);
        return json(await saved(lab.id));
      },
    },
    {
      method: 'POST',
      path: '/api/labs/check',
      async handle({ request }) {
        const { id, ...body } = await readJson(request, checkInputSchema);
        return json(await labs.checkInput(parseLabInput(body, storage), id || undefined));
      },
    },
    {
      method: 'POST',
      path: '/api/labs/:id/check',
      handle: async ({ params }) => {
        const check = await labs.check(params.id ?? '');
        return json({ lab: await labs.view(params.id ?? ''), check });
      },
    },
  ];
}
