import Fastify from 'fastify';
import { describeHttpFuzz } from '../../core/test/http-fuzz-suite';
import { type SosPluginOptions, sosPlugin } from '../src';

const host = { hostRejectsMalformedPaths: true };

describeHttpFuzz(
  'fastify with a prefix',
  async (options) => {
    const app = Fastify();
    await app.register(sosPlugin, { ...(options as SosPluginOptions), prefix: '/api/sos' });
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    return { baseUrl: `${origin}/api/sos`, close: () => app.close() };
  },
  host,
);
