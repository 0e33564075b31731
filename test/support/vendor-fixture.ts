// Reads a vendor-shaped fixture from test/fixtures/vendor (see its README for where each shape comes from).
import { readFileSync } from 'node:fs';

export function vendorFixture<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/vendor/${path}`, import.meta.url), 'utf8')) as T;
}
