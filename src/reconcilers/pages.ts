/** Paginated listings, as every observe makes them: one call per page, never one per resource. */

/** Every item of every page of an SDK paginator. */
export async function allItems<Page, Item>(pages: AsyncIterable<Page>, items: (page: Page) => readonly Item[] | undefined): Promise<Item[]> {
  const all: Item[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}
