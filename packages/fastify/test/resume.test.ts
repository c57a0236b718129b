import Fastify from 'fastify';
import { describeResumableUploads } from '../../core/test/resume-contract';
import { type SosPluginOptions, sosPlugin } from '../src';

describeResumableUploads('fastify', async (options) => {
  const app = Fastify();
  await app.register(sosPlugin, { ...(options as SosPluginOptions), prefix: '/api/sos' });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return { baseUrl: `${origin}/api/sos`, close: () => app.close() };
});
