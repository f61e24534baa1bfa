import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listEndpointModels } from '../../../src/vscode/llm/listEndpointModels';
import { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';

describe('checking an endpoint when it is configured', () => {
  it('lists the models of an endpoint that answers', async () => {
    const server = await ScriptedModelServer.start([{ match: { model: 'scripted-root' }, reply: 'ok' }]);
    try {
      const listed = await listEndpointModels(server.url, 'not-needed', {});
      expect(listed.answered).toBe(true);
      expect(listed.problem).toBeUndefined();
      expect(listed.models).toContain('scripted-root');
    } finally {
      await server.close();
    }
  });

  it('says the connection was refused when nothing listens at the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const listed = await listEndpointModels(`http://127.0.0.1:${port}/v1`, 'not-needed', {});
    expect(listed).toEqual({ models: [], answered: false, problem: 'connection refused: nothing is listening there' });
  });

  it('counts an HTTP error as an answer, and says which', async () => {
    const server = await ScriptedModelServer.start();
    try {
      const listed = await listEndpointModels(`${server.url}/no-such-path`, 'not-needed', {});
      expect(listed.answered).toBe(true);
      expect(listed.problem).toMatch(/answered HTTP 404/);
    } finally {
      await server.close();
    }
  });
});
