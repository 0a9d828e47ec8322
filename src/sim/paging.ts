/**
 * Token/marker paging for the non-EC2 services (ECS `nextToken`, ELBv2 and IAM `Marker`, RGTA
 * `PaginationToken`): the token encodes the sort key of the last item returned, so a page boundary
 * survives creates and deletes between calls. The caller orders `items` by `key` beforehand (or passes
 * them in the service's own order and a key that grows with it).
 */
const TOKEN_PREFIX = 'sim1:';

export function encodePageToken(lastKey: string): string {
  return Buffer.from(TOKEN_PREFIX + lastKey).toString('base64url');
}

export function decodePageToken(token: string): string | undefined {
  const text = Buffer.from(token, 'base64url').toString();
  return text.startsWith(TOKEN_PREFIX) ? text.slice(TOKEN_PREFIX.length) : undefined;
}

/**
 * One page of `items` after `token` (items whose key sorts after the token's), at most `size` long.
 * `invalidToken` builds the service's error for a token it did not issue.
 */
export function pageAfter<T>(
  items: readonly T[],
  key: (item: T) => string,
  token: string | undefined,
  size: number,
  invalidToken: () => Error,
): { page: T[]; next: string | undefined } {
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  let start = 0;
  if (token !== undefined && token !== '') {
    const after = decodePageToken(token);
    if (after === undefined) throw invalidToken();
    start = sorted.findIndex((item) => key(item) > after);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + Math.max(1, size));
  const more = start + page.length < sorted.length;
  return { page, next: more && page.length > 0 ? encodePageToken(key(page[page.length - 1]!)) : undefined };
}
