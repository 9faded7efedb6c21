/**
 * Where the scene loaders read their files: the file system in Node, `fetch` in a browser page. Paths are the
 * POSIX-style paths the loaders resolve (`scenes/store.yaml`, `hardware/robots/wheeled-humanoid.urdf`).
 */
export interface FileSource {
  readText(path: string): Promise<string>;
  readBytes(path: string): Promise<ArrayBuffer>;
}

/** Node's file system; `node:fs` is imported on first use, so a browser bundle of the loaders never pulls it in. */
export const nodeFileSource: FileSource = {
  async readText(path) {
    const { readFile } = await import('node:fs/promises');
    return readFile(path, 'utf8');
  },
  async readBytes(path) {
    const { readFile } = await import('node:fs/promises');
    const buffer = await readFile(path);
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  },
};

/**
 * Files served over HTTP: a path is fetched relative to `baseUrl` (a page serving the repository's `scenes/` and
 * `hardware/` folders as static files). A missing file rejects with `HTTP 404 <url>`.
 *
 * @example
 * const scene = await loadScene('scenes/store.yaml', fetchFileSource(new URL('./', location.href)));
 */
export function fetchFileSource(baseUrl: string | URL): FileSource {
  const get = async (path: string): Promise<Response> => {
    const url = new URL(path.replace(/^\/+/, ''), baseUrl);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status} ${url.href}`);
    return response;
  };
  return {
    readText: async (path) => (await get(path)).text(),
    readBytes: async (path) => (await get(path)).arrayBuffer(),
  };
}
