#!/usr/bin/env node
/**
 * 生成扩展图标 images/icon.png（128×128，RGBA）：蓝色圆角方块上一张白色单据，单据上三行字与一个对勾——“审核规则”。
 * 纯 Node（zlib 压缩 + 手写 PNG 分块），不需要图像库；结果提交进仓库，改了图案再运行一次：node scripts/generate-icon.mjs
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const SUPER = 4; // 每像素 4×4 采样，边缘抗锯齿

const BLUE = [29, 78, 216];
const WHITE = [255, 255, 255];
const LINE = [147, 170, 230];
const GREEN = [22, 163, 74];

/** 坐标 (x, y)（0–128 的浮点）处的颜色与不透明度；后画的盖住先画的。 */
function sample(x, y) {
    let color = null;
    if (roundedRect(x, y, 4, 4, 124, 124, 24)) color = BLUE;
    if (roundedRect(x, y, 30, 18, 90, 110, 8)) color = WHITE;
    for (const row of [38, 54, 70]) if (roundedRect(x, y, 40, row, 80, row + 6, 3)) color = LINE;
    if (segment(x, y, 62, 90, 76, 102, 7) || segment(x, y, 76, 102, 104, 70, 7)) color = GREEN;
    return color;
}

function roundedRect(x, y, x0, y0, x1, y1, r) {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** 到线段 (x0,y0)–(x1,y1) 的距离不超过 width/2（圆头粗线）。 */
function segment(x, y, x0, y0, x1, y1, width) {
    const dx = x1 - x0;
    const dy = y1 - y0;
    const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
    return (x - (x0 + t * dx)) ** 2 + (y - (y0 + t * dy)) ** 2 <= (width / 2) ** 2;
}

function render() {
    const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
    for (let y = 0; y < SIZE; y++) {
        raw[y * (SIZE * 4 + 1)] = 0; // 过滤方式：无
        for (let x = 0; x < SIZE; x++) {
            let r = 0, g = 0, b = 0, a = 0;
            for (let sy = 0; sy < SUPER; sy++) {
                for (let sx = 0; sx < SUPER; sx++) {
                    const color = sample(x + (sx + 0.5) / SUPER, y + (sy + 0.5) / SUPER);
                    if (!color) continue;
                    r += color[0]; g += color[1]; b += color[2]; a++;
                }
            }
            const at = y * (SIZE * 4 + 1) + 1 + x * 4;
            if (a > 0) {
                raw[at] = Math.round(r / a);
                raw[at + 1] = Math.round(g / a);
                raw[at + 2] = Math.round(b / a);
            }
            raw[at + 3] = Math.round((a / (SUPER * SUPER)) * 255);
        }
    }
    return raw;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
});

function crc32(buffer) {
    let c = 0xffffffff;
    for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
}

export function iconPng() {
    const header = Buffer.alloc(13);
    header.writeUInt32BE(SIZE, 0);
    header.writeUInt32BE(SIZE, 4);
    header[8] = 8; // 位深
    header[9] = 6; // RGBA
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', header),
        chunk('IDAT', deflateSync(render(), { level: 9 })),
        chunk('IEND', Buffer.alloc(0))
    ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    const out = fileURLToPath(new URL('../images/icon.png', import.meta.url));
    mkdirSync(fileURLToPath(new URL('../images/', import.meta.url)), { recursive: true });
    writeFileSync(out, iconPng());
    console.log(`写入 ${out}`);
}
