// What the WebKit paths read back from the page: the store's parts and a metric's stored days,
// read as the Playwright fixtures read them (../store-read.js), through a WebDriver session.
import { daysOf, readStore } from '../store-read.js';

/** Every stored part whose key starts with `prefix`: { key: text }. */
export async function storedParts(s, prefix = '') {
  const all = await s.eval(readStore);
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(prefix)));
}

/** The stored daily values of a metric, as shown: { 'YYYY-MM-DD': value }. */
export async function storedDays(s, metric) {
  const key = `me/days/${metric}`;
  return daysOf((await storedParts(s, key))[key]);
}
