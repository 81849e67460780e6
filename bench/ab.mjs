#!/usr/bin/env node
/**
 * 两份运行时构建的对照（A/B）：同一规则包、同一批理赔，比较求值成本，并比对两边输出是否逐字节相同（输出的内容哈希）。
 * 用于性能修改前后的数字。每一边在自己的子进程里跑（两份运行时在同一进程里会互相影响 JIT），A、B 子进程交替启动多轮；
 * 每个子进程自己测“仅解析”和“解析 + 求值”（各取最小值，最接近不受干扰的时间；另记进程 CPU 时间），求值成本 = (解析 + 求值 − 仅解析) / 仅解析，对机器快慢的漂移不敏感。
 *
 *   cp -r runtime/dist /tmp/runtime-before      # 修改前先留一份
 *   …修改 runtime/src，npx tsc -b runtime …
 *   node bench/ab.mjs --before /tmp/runtime-before [--pack national] [--claims 3000] [--rounds 4] [--mode eval|normalize]
 *   node bench/ab.mjs --pack-before national-old --pack national      # 比较两个规则包（生成代码的改动），同一运行时
 *
 * 规则包取 bench/.cache/packs/<pack>.mjs（先跑一次 npm run bench -- --quick）。
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readChunks } from './lib/claims.mjs';
import { median, round } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'bench/.cache');
const opts = { before: '', after: join(ROOT, 'runtime/dist'), pack: 'national', packBefore: '', claims: 3000, rounds: 4, reps: 5, mode: 'eval', child: '' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase());
    if (!(key in opts)) throw new Error(`不认识的选项 ${argv[i]}`);
    opts[key] = typeof opts[key] === 'number' ? Number(argv[++i]) : argv[++i];
}

if (opts.child) {
    // 子进程：用指定的运行时跑，输出 JSON
    const claimsFile = readdirSync(CACHE).filter(f => f.startsWith('claims-') && f.endsWith('.ndjson')).map(f => join(CACHE, f)).sort()[0];
    const code = readFileSync(join(CACHE, 'packs', `${opts.pack}.mjs`), 'utf8');
    const url = pathToFileURL(join(resolve(opts.child), 'index.js')).href;
    const runtime = await import(url);
    const rewritten = code.replace(/^import \* as rt from "([^"]+)";$/m, `import * as rt from ${JSON.stringify(url)};`).replace(/\/\/# sourceMappingURL=.*$/m, '');
    const pack = (await import('data:text/javascript;base64,' + Buffer.from(rewritten).toString('base64'))).default;
    pack.manifest.id = 'ab'; // 规则包 id 是生成代码的内容哈希，会进 jr_id；固定下来才能比较两个规则包的输出
    // 规范化模式与引擎相同：按规则包读到的明细字段与来源（engine.normalize；更旧的运行时没有它时按 linePlan，再没有时解析全部字段）
    const plan = runtime.linePlan ? runtime.linePlan(pack.manifest.lineFields) : undefined;
    const engine = runtime.createEngine(pack);
    const normalize = typeof engine.normalize === 'function' ? input => engine.normalize(input) : input => runtime.normalizeRequest(input, pack.data.dictionaries, plan);
    const lines = [...readChunks(claimsFile, opts.claims, opts.claims)][0];
    const outputs = [];
    for (const l of lines) outputs.push(JSON.stringify(opts.mode === 'normalize' ? normalize(JSON.parse(l)).claims.length : engine.evaluate(JSON.parse(l))));
    const hash = runtime.contentHash(outputs.join('\n'));
    const parse = () => {
        let n = 0;
        for (const l of lines) n += JSON.parse(l).patient_dtos.length;
        return n;
    };
    const evaluate = () => {
        let n = 0;
        for (const l of lines) {
            const input = JSON.parse(l);
            n += opts.mode === 'normalize' ? normalize(input).claims.length : engine.evaluate(input).response.result.length;
        }
        return n;
    };
    const p = [];
    const e = [];
    const pc = [];
    const ec = [];
    for (let rep = 0; rep < opts.reps; rep++) {
        for (const [fn, into, cpu] of rep % 2 ? [[evaluate, e, ec], [parse, p, pc]] : [[parse, p, pc], [evaluate, e, ec]]) {
            const c0 = process.cpuUsage();
            const t0 = performance.now();
            fn();
            into.push(performance.now() - t0);
            const c = process.cpuUsage(c0);
            cpu.push((c.user + c.system) / 1000);
        }
    }
    // 共享机器：取最小值（最接近不受干扰的时间）；CPU 时间另记
    process.stdout.write(JSON.stringify({ parse: Math.min(...p), evaluate: Math.min(...e), parseCpu: Math.min(...pc), evaluateCpu: Math.min(...ec), hash }));
    process.exit(0);
}

if (!opts.before && !opts.packBefore) throw new Error('需要 --before <另一份 runtime/dist 目录> 或 --pack-before <另一个规则包名>');
opts.before ||= opts.after;
const results = { before: [], after: [] };
const hashes = { before: new Set(), after: new Set() };
for (let round_ = 0; round_ < opts.rounds; round_++) {
    for (const which of round_ % 2 ? ['after', 'before'] : ['before', 'after']) {
        const dir = which === 'before' ? opts.before : opts.after;
        const pack = which === 'before' && opts.packBefore ? opts.packBefore : opts.pack;
        const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dir, '--pack', pack, '--claims', String(opts.claims), '--reps', String(opts.reps), '--mode', opts.mode], { encoding: 'utf8', maxBuffer: 1 << 26 });
        if (r.status !== 0) throw new Error(r.stderr);
        const data = JSON.parse(r.stdout);
        results[which].push(data);
        hashes[which].add(data.hash);
    }
}
const cost = xs => median(xs.map(x => (x.evaluate - x.parse) / x.parse));
const cpuCost = xs => median(xs.map(x => (x.evaluateCpu - x.parseCpu) / x.parseCpu));
const cb = cost(results.before);
const ca = cost(results.after);
console.log(`${opts.pack}（${opts.mode}）：${opts.claims} 条理赔；${opts.rounds} 轮 × 每边一个子进程 × ${opts.reps} 次`);
console.log(`  修改前：求值成本 ${round(cb * 100, 1)}% 解析（各轮 ${results.before.map(x => round((x.evaluate - x.parse) / x.parse * 100)).join(' / ')}）`);
console.log(`  修改后：求值成本 ${round(ca * 100, 1)}% 解析（各轮 ${results.after.map(x => round((x.evaluate - x.parse) / x.parse * 100)).join(' / ')}）`);
console.log(`  修改后 / 修改前（求值部分）：${round(ca / cb, 3)}×；按进程 CPU 时间：${round(cpuCost(results.after) / cpuCost(results.before), 3)}×（${round(cpuCost(results.before) * 100, 1)}% → ${round(cpuCost(results.after) * 100, 1)}%）`);
const same = hashes.before.size === 1 && hashes.after.size === 1 && [...hashes.before][0] === [...hashes.after][0];
console.log(`  输出：${same ? '两边逐字节相同' : `不同！修改前 ${[...hashes.before].join(',')}，修改后 ${[...hashes.after].join(',')}`}`);
