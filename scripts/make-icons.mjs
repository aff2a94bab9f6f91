#!/usr/bin/env node
// Renders the PNG app icons (www/icons/*.png) from scripts/icon-square.svg with Chromium. The PNGs are
// committed; run this again only after changing an SVG: node scripts/make-icons.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './build-site.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/browser.mjs';

// The PNGs are full-bleed squares (safe for "maskable"): flat shapes compress to a few hundred
// bytes, where the rounded, anti-aliased SVG design would cost ~13 KB as PNG.
const jobs = [
  ['scripts/icon-square.svg', 'icon-192.png', 192],
  ['scripts/icon-square.svg', 'icon-512.png', 512],
];
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
for (const [src, out, size] of jobs) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const svg = readFileSync(join(ROOT, src), 'utf8');
  await page.setContent(`<html><body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: join(ROOT, 'www/icons', out) });
  await page.close();
  console.log(`www/icons/${out}`);
}
await browser.close();
