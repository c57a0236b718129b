import type { StorageConfig } from '../config';
import { labInputSchema, parseLabInput } from '../labs/lab-input';
import type { LabService } from '../labs/lab-service';
import { json, readJson } from './json';
import type { AppRoute } from './router';

const checkInputSchema = labInputSchema.extend({ id: labInputSchema.shape.bucket.optional() });

/**
 * The lab settings API: list, add and change labs (each save runs the
 * connection check and keeps its outcome), and check a connection, saved or
 * still in the form. Saves and checks of the form also carry `notices`: what
 * the check cannot see, such as a bucket another lab already uses. No answer
 * ever holds a secret.
 */
export function labRoutes(labs: LabService, storage: StorageConfig): AppRoute[] {
  const saved = async (id: string) => {
    const lab = await labs.view(id);
    return { lab, check: await labs.check(id), notices: labs.notices(lab, id) };
  };
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
        const input = parseLabInput(body, storage);
        const result = await labs.checkInput(input, id || undefined);
        return json({ ...result, notices: labs.notices(input, id || undefined) });
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
