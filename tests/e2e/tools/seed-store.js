// What the bench scripts seed: IndexedDB's history parts and localStorage, in a page of the
// origin (STORE: a JSON file of { parts: [[key, value]], local: [[key, value]] }).
export async function seedStore(page, seed) {
  await page.evaluate(async ({ parts, local }) => {
    for (const [k, v] of local) localStorage.setItem(k, v);
    await new Promise((resolve, reject) => {
      const open = indexedDB.open('pulsedeck', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('parts');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction('parts', 'readwrite');
        for (const [k, v] of parts) tx.objectStore('parts').put(v, k);
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    });
  }, seed);
}
