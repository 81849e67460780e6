/**
 * 对照组的两个规则引擎（json-rules-engine、@gorules/zen-engine）不进仓库的依赖：Zen 的 npm 包列出各平台的原生包为可选依赖，
 * 其中几个平台的包在这里的 npm 源上没有，写进 package-lock.json 之后 `npm ci` 就装不上。所以只在跑对照组时装进
 * bench/.cache/peers（npm 源上的包，原生二进制随包发布），再从那里加载。版本固定，结果可比。
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIR = fileURLToPath(new URL('../.cache/peers/', import.meta.url));
const PACKAGES = { 'json-rules-engine': '7.3.1', '@gorules/zen-engine': '0.54.0' };

function ensureInstalled() {
    const missing = Object.keys(PACKAGES).filter(name => !existsSync(join(DIR, 'node_modules', name, 'package.json')));
    if (missing.length === 0) return;
    mkdirSync(DIR, { recursive: true });
    if (!existsSync(join(DIR, 'package.json'))) writeFileSync(join(DIR, 'package.json'), '{"name":"zhishen-bench-peers","private":true}\n');
    process.stderr.write(`== 安装对照组引擎到 ${DIR}：${missing.join('、')}\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['install', '--prefix', DIR, '--no-audit', '--no-fund', '--loglevel=error', ...Object.entries(PACKAGES).map(([n, v]) => `${n}@${v}`)], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** 加载一个对照组引擎（第一次用时安装）。 */
export async function loadPeer(name) {
    ensureInstalled();
    const require = createRequire(join(DIR, 'package.json'));
    return import(pathToFileURL(require.resolve(name)).href);
}
