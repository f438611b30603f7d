import { test, expect, openDemo } from '../fixtures.js';
test.use({ viewport: { width: 360, height: 740 } });
test('scratch overflow', async ({ page }) => {
  await openDemo(page);
  const wide = await page.evaluate(() => [...document.querySelector('.topbar').children].map((e) => `${e.tagName}.${e.className} l=${Math.round(e.getBoundingClientRect().left)} w=${Math.round(e.getBoundingClientRect().width)} "${e.textContent.trim().slice(0, 30)}"`));
  console.log(JSON.stringify(wide, null, 1));
  const tables = await page.evaluate(() => [...document.querySelectorAll('table')].slice(0, 3).map((t) => { let p = t.parentElement; const chain = []; while (p && chain.length < 4) { const cs = getComputedStyle(p); chain.push(`${p.tagName}.${p.className?.baseVal ?? p.className} ov=${cs.overflowX} w=${Math.round(p.getBoundingClientRect().width)}`); p = p.parentElement; } return chain.join(' < '); }));
  console.log(JSON.stringify(tables, null, 1));
});
