// What the WebKit paths read back from the page: the store's parts and a metric's stored days,
// as the Playwright fixtures read them (fixtures.js), through a WebDriver session.

/** Every stored part whose key starts with `prefix`: { key: text }. */
export async function storedParts(s, prefix = '') {
  const all = await s.eval(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('pulsedeck', 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('parts', 'readonly');
          const keys = tx.objectStore('parts').getAllKeys();
          const values = tx.objectStore('parts').getAll();
          tx.oncomplete = () => {
            const out = {};
            keys.result.forEach((k, i) => (out[k] = values.result[i]));
            open.result.close();
            resolve(out);
          };
        };
      }),
  );
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(prefix)));
}

/** The stored daily values of a metric, as shown: { 'YYYY-MM-DD': value }. */
export async function storedDays(s, metric) {
  const key = `me/days/${metric}`;
  const out = {};
  for (const [day, value] of JSON.parse((await storedParts(s, key))[key] ?? '[]')) {
    const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    if (!(date in out)) out[date] = value;
  }
  return out;
}
