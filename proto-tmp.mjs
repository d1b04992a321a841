import PDFDocument from 'pdfkit';
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
const require = createRequire(import.meta.url);
const font = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const mono = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf');
const N = Number(process.argv[2] ?? 100000);
const mode = process.argv[3] ?? 'a';
const t0 = performance.now();
let peak = 0; const iv = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 100);
const doc = new PDFDocument({ pdfVersion: '1.7', subset: 'PDF/A-2b', tagged: mode === 't', lang: 'en-US', info: { Title: 'T' }, font, autoFirstPage: true, size: 'A4', margin: 40 });
const ws = createWriteStream('/tmp/proto/big.pdf');
doc.pipe(ws);
doc.registerFont('mono', mono);
doc.font(process.argv[4] === 'std' ? 'Courier' : 'mono').fontSize(6.5);
let y = 40;
for (let i = 0; i < N; i++) {
  if (y > 800) { doc.addPage(); y = 40; }
  const id = 'ev_' + randomBytes(16).toString('hex');
  const t = new Date(Date.UTC(2026,9,1) + i*1000).toISOString();
  const h = randomBytes(8).toString('hex');
  if (mode === 'a' || mode === 't') {
    doc.text(`${t}  ${id}  config-item-change  ${h}  arn:aws:logs:us-east-1:111122223333:log-group:/bench/app-${i%1000}`, 40, y, { lineBreak: false });
  } else {
    doc.text(t, 40, y, { lineBreak: false }); doc.text(id, 130, y, { lineBreak: false }); doc.text('config-item-change', 270, y, { lineBreak: false }); doc.text(h, 350, y, { lineBreak: false });
  }
  y += 8.5;
  if (i % 5000 === 0) await new Promise(r => setImmediate(r));
}
doc.end();
await new Promise(r => ws.on('finish', r));
clearInterval(iv);
console.log(N, mode, ((performance.now()-t0)/1000).toFixed(2), 's', (peak/1e6).toFixed(0), 'MB');
