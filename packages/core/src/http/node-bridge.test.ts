import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { toWebRequest } from './node-bridge';

function nodeRequest(headers: Record<string, string>, method = 'GET'): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.method = method;
  req.headers = headers;
  return req;
}

describe('toWebRequest', () => {
  it('keeps the Host and the mounted path and query', () => {
    const request = toWebRequest(nodeRequest({ host: 'app.example.com:8080' }), { path: '/uploads?x=1' });
    expect(request.url).toBe('http://app.example.com:8080/uploads?x=1');
  });

  it.each([
    ['//', '//'],
    ['//@/uploads', '//@/uploads'],
    ['//evil.example.com/uploads', '//evil.example.com/uploads'],
    ['uploads', '/uploads'],
  ])('reads the path %j as a path, never as another host', (path, pathname) => {
    const url = new URL(toWebRequest(nodeRequest({ host: 'app.example.com' }), { path }).url);
    expect(url.host).toBe('app.example.com');
    expect(url.pathname).toBe(pathname);
  });

  it.each(['a b', 'evil.example.com/x', 'user@evil.example.com', 'localhost:99999', ''])(
    'uses localhost instead of the unusable Host %j, keeping the path',
    (host) => {
      const url = new URL(toWebRequest(nodeRequest({ host }), { path: '/uploads' }).url);
      expect(url.host).toBe('localhost');
      expect(url.pathname).toBe('/uploads');
    },
  );
});
