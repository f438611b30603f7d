const { chromium } = require('playwright');
(async () => {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const [w, h] = process.argv.slice(4, 6).map(Number);
  const p = await b.newPage({ viewport: { width: w, height: h } });
  await p.goto('file://' + process.argv[2]);
  const [x, y, cw, ch] = process.argv.slice(6).map(Number);
  await p.screenshot({ path: process.argv[3], clip: { x, y, width: cw, height: ch } });
  await b.close();
})();
