import Fastify from 'fastify';
import { describeUploadContract } from '../../core/test/upload-contract';
import { type SosPluginOptions, sosPlugin } from '../src';

async function start(options: SosPluginOptions, prefix: string | undefined) {
  const app = Fastify();
  await app.register(sosPlugin, prefix === undefined ? options : { ...options, prefix });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { baseUrl: `${address}${prefix ?? ''}`, close: () => app.close() };
}

describeUploadContract('fastify with a prefix', (options) => start(options as SosPluginOptions, '/api/sos'));
describeUploadContract('fastify without a prefix', (options) => start(options as SosPluginOptions, undefined));
