/**
 * The ceiling: a bare Fastify route returning a constant JSON body, with nothing else registered.
 * The app's routes are measured as a share of what this serves on the same machine in the same run.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', () => ({ hello: 'world' }));

process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
