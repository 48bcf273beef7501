export function sqliteFileFromUrl(url: string): string {
  if (!url.startsWith('file:')) throw new Error(`Not an SQLite file URL: ${url.split(':')[0]}:…`);
  return url.slice('file:'.length);
}
