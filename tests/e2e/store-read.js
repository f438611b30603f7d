// Reading pulsedeck's history store back, shared by the Playwright fixtures (fixtures.js) and
// the WebKit harness (webkit/store.js): `readStore` runs in the page (page.evaluate, or a
// WebDriver script), `daysOf` reads a metric's stored part.

/** Every part of the store: { key: text }. Runs in the page. */
export const readStore = () =>
  new Promise((resolve, reject) => {
    const open = indexedDB.open('pulsedeck', 1);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('parts', 'readonly');
      const store = tx.objectStore('parts');
      const keys = store.getAllKeys();
      const values = store.getAll();
      tx.oncomplete = () => {
        const out = {};
        keys.result.forEach((k, i) => (out[k] = values.result[i]));
        open.result.close();
        resolve(out);
      };
    };
  });

/**
 * A metric's stored part as { 'YYYY-MM-DD': value }. Rows are [day, value, source]; a day's
 * first row is the one shown, later ones are kept under it. `source` (a source code) keeps only
 * that source's own values, shown or kept under another's.
 */
export function daysOf(text, source) {
  const out = {};
  for (const [day, value, from] of JSON.parse(text ?? '[]')) {
    const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    if (source === undefined ? !(date in out) : from === source) out[date] = value;
  }
  return out;
}
