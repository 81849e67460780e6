/**
 * 对照组基准（npm run bench -- peers）：同样三条标准规则（药品区分性别使用、医疗服务项目重复收费、药品儿童专用，
 * 国家知识点）在同一批生成的理赔上，
 *   智审 evaluate · 手写 JS（逐字节相同的 3101 输出 / 只求结果）· json-rules-engine · Zen（各按用户的写法、及前面放编码 Map）；
 *   另加 10× 知识点（编码都在理赔里出现的 / 永不命中的）；
 *   以及 zhishen run 端到端（--workers 1 / 2，可选 --before 旧版命令行）对照“只读 + 解析 + 序列化”的下限，峰值内存。
 * 计时前先核对各方的输出一致；各变体在每块理赔上交替运行、每块换起点，取各块的中位数与四分位。只打印，不断言。
 *
 *   npm run bench -- peers [--quick] [--claims N] [--e2e-claims N] [--rounds N] [--slow N] [--before 目录] [--skip e2e]
 */
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledgeBaseFolder } from '../../language/dist/kb/load-folder.js';
import { createEngine } from '../../runtime/dist/index.js';
import { ensureClaimsFile, readChunks } from '../lib/claims.mjs';
import { int, mb, median, percentile, ratio, round, table } from '../lib/measure.mjs';
import { buildPeerPack, PEER_CLASSES } from './pack.mjs';
import { handFindings, handResponse, handTables } from './hand.mjs';
import { jreMapped, jrePlain, zenMapped, zenPlain } from './engines.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KB_DIR = resolve(ROOT, '../shared/kb-data');
const CACHE = join(ROOT, 'bench/.cache');
const CLI = join(ROOT, 'cli/bin/zhishen.js');
const SEED = 20260301;

function parseArgs(argv) {
    const args = { skip: new Set() };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => argv[++i];
        if (a === '--quick') args.quick = true;
        else if (a === '--claims') args.claims = Number(value());
        else if (a === '--e2e-claims') args.e2eClaims = Number(value());
        else if (a === '--rounds') args.rounds = Number(value());
        else if (a === '--slow') args.slow = Number(value());
        else if (a === '--before') args.before = resolve(value());
        else if (a === '--skip') for (const s of value().split(',')) args.skip.add(s.trim());
        else throw new Error(`不认识的选项「${a}」`);
    }
    return args;
}

/** 知识点表的 10× 视图：每个知识点另加 9 个副本（新的 kp_id）。never：副本的编码换成理赔里不会出现的编码。 */
function tenfold(tables, never) {
    const out = new Map();
    for (const [cls, points] of tables) {
        const list = [...points];
        for (let copy = 1; copy < 10; copy++) {
            for (const kp of points) list.push({ ...kp, kp_id: `${kp.kp_id}-X${copy}`, med_codes: never ? kp.med_codes.map((c, j) => `ZZNEVER${copy}${j}${c}`) : kp.med_codes });
        }
        out.set(cls, list);
    }
    return out;
}

const findingKey = rows => [...new Set(rows.map(r => r.join('|')))].sort().join(';');
const zhishenFindings = response => response.result.map(r => [r.rule_id, r.zhishen.kp_id, r.judge_result_detail_dtos[0].rx_id]);

export async function runPeers(argv) {
    const args = parseArgs(argv);
    const quick = args.quick || process.env.BENCH_QUICK === '1';
    const S = {
        claims: args.claims ?? (quick ? 1_000 : 5_000),
        chunk: quick ? 250 : 500,
        rounds: args.rounds ?? (quick ? 2 : 5),
        slow: args.slow ?? (quick ? 2 : 8),
        e2eClaims: args.e2eClaims ?? (quick ? 2_000 : 20_000),
        e2eRounds: quick ? 1 : 3
    };
    const out = text => process.stdout.write(text + '\n');
    const note = text => out(`  ${text}`);
    out(`\n━━ 对照组：三条标准规则（${PEER_CLASSES.join('、')}），国家知识点 ━━`);
    note(`Node ${process.version}；${cpus()[0]?.model ?? '?'} × ${cpus().length} 核；负载 ${loadavg().map(x => round(x, 2)).join(' / ')}`);

    const kb = await loadKnowledgeBaseFolder(KB_DIR);
    const base = new Map([...kb.kpTables].filter(([cls]) => PEER_CLASSES.includes(cls)));
    const views = { x1: base, occur: tenfold(base, false), never: tenfold(base, true) };
    const packs = {};
    for (const [name, kpTables] of Object.entries(views)) {
        const built = await buildPeerPack(ROOT, { ...kb, id: `${kb.id}-peers-${name}`, kpTables }, `peers-${name}`, CACHE);
        packs[name] = { ...built, engine: createEngine(built.pack), tables: handTables(kpTables, built.manifest.rules) };
    }
    const counts = Object.fromEntries(Object.entries(views).map(([k, v]) => [k, [...v.values()].reduce((n, l) => n + l.length, 0)]));
    note(`知识点：${int(counts.x1)}（${[...base].map(([c, l]) => `${c} ${l.length}`).join('、')}）；10× 为 ${int(counts.occur)}`);

    const claimsFile = ensureClaimsFile(kb, { count: Math.max(S.claims, S.e2eClaims), seed: SEED, cacheDir: CACHE });
    const t0 = performance.now();
    const tables = packs.x1.tables;
    const peers = { jrePlain: jrePlain(tables), jreMapped: jreMapped(tables), zenPlain: zenPlain(tables), zenMapped: zenMapped(tables) };
    note(`理赔 ${int(S.claims)} 条（每块 ${S.chunk}、${S.rounds} 轮，共 ${int(S.rounds * S.claims)} 次求值 / 变体）；对照引擎建表 ${int(performance.now() - t0)} ms`);

    // ───── 变体：每个对一条已解析的理赔做一次完整的事，返回结果（核对用） ─────
    const zhishen = name => obj => JSON.stringify(packs[name].engine.evaluate(obj).response);
    const hand = name => obj => handResponse(packs[name].tables, obj, packs[name].manifest.id, packs[name].manifest.levelCodes);
    const variants = [
        { id: 'zhishen', label: '智审 evaluate + JSON.stringify', run: zhishen('x1'), kind: 'response', ref: 'hand' },
        { id: 'hand', label: '手写 JS，逐字节相同的 3101 输出', run: hand('x1'), kind: 'response' },
        { id: 'handFindings', label: '手写 JS，只求结果', run: obj => handFindings(tables, obj), kind: 'findings' },
        { id: 'jreMapped', label: 'json-rules-engine，编码 Map 在前', run: peers.jreMapped, kind: 'findings', async: true },
        { id: 'zenMapped', label: 'Zen，编码 Map 在前', run: peers.zenMapped, kind: 'findings', async: true },
        { id: 'zhishenOccur', label: '智审，10× 知识点（编码都出现）', run: zhishen('occur'), kind: 'response', ref: 'handOccur' },
        { id: 'handOccur', label: '手写 JS，10× 知识点（编码都出现）', run: hand('occur'), kind: 'response' },
        { id: 'zhishenNever', label: '智审，10× 知识点（9/10 永不命中）', run: zhishen('never'), kind: 'response', ref: 'handNever' },
        { id: 'handNever', label: '手写 JS，10× 知识点（9/10 永不命中）', run: hand('never'), kind: 'response' }
    ];
    const slowVariants = [
        { id: 'jrePlain', label: 'json-rules-engine，每个知识点一条规则', run: peers.jrePlain },
        { id: 'zenPlain', label: 'Zen，每个知识点一行决策表', run: peers.zenPlain }
    ];

    // ───── 核对：全部理赔上各方一致（逐字节 / 结果集合），并数结果 ─────
    const findings = Object.fromEntries([...variants, ...slowVariants].map(v => [v.id, 0]));
    const mismatches = Object.fromEntries([...variants, ...slowVariants].map(v => [v.id, 0]));
    const checkedSlow = [];
    for (const chunk of readChunks(claimsFile.file, S.chunk, S.claims)) {
        for (const [k, line] of chunk.entries()) {
            const obj = JSON.parse(line);
            const outputs = {};
            for (const v of variants) outputs[v.id] = v.async ? await v.run(obj) : v.run(obj);
            const reference = findingKey(zhishenFindings(JSON.parse(outputs.zhishen)));
            for (const v of variants) {
                const value = outputs[v.id];
                if (v.kind === 'response') {
                    findings[v.id] += JSON.parse(value).result.length;
                    if (v.ref && value !== outputs[v.ref]) mismatches[v.id]++;
                } else {
                    findings[v.id] += new Set(value.map(r => r.join('|'))).size;
                    if (findingKey(value) !== reference) mismatches[v.id]++;
                }
            }
            if (checkedSlow.length < S.slow && k % Math.ceil(S.chunk / S.slow) === 0) checkedSlow.push({ obj, reference });
        }
    }
    for (const { obj, reference } of checkedSlow) {
        for (const v of slowVariants) {
            const value = await v.run(obj);
            findings[v.id] += new Set(value.map(r => r.join('|'))).size;
            if (findingKey(value) !== reference) mismatches[v.id]++;
        }
    }
    const totalMismatch = Object.values(mismatches).reduce((a, b) => a + b, 0);
    note(`核对：${int(S.claims)} 条理赔上 ${totalMismatch === 0 ? '各方一致' : `有 ${totalMismatch} 处不一致：${JSON.stringify(mismatches)}`}（智审与手写逐字节比 3101 输出；其余比（规则、知识点、违规明细）的集合）`);

    // ───── 计时：每块理赔先解析（JSON.parse 计时作比较基准），各变体交替跑，每块换起点 ─────
    const perClaim = Object.fromEntries(['parse', ...variants.map(v => v.id), ...slowVariants.map(v => v.id)].map(id => [id, []]));
    let rotation = 0;
    for (let round = 0; round < S.rounds; round++) {
        for (const chunk of readChunks(claimsFile.file, S.chunk, S.claims)) {
            const p0 = performance.now();
            const objects = chunk.map(line => JSON.parse(line));
            perClaim.parse.push((performance.now() - p0) * 1000 / chunk.length);
            const order = variants.map((_, i) => variants[(i + rotation) % variants.length]);
            rotation++;
            for (const v of order) {
                const t = performance.now();
                if (v.async) for (const obj of objects) await v.run(obj);
                else for (const obj of objects) v.run(obj);
                perClaim[v.id].push((performance.now() - t) * 1000 / objects.length);
            }
        }
        // 每个知识点一条规则 / 一行：慢两三个数量级，只在少数理赔上跑
        for (const v of slowVariants) {
            const t = performance.now();
            for (const { obj } of checkedSlow) await v.run(obj);
            perClaim[v.id].push((performance.now() - t) * 1000 / checkedSlow.length);
        }
    }
    const med = id => median(perClaim[id]);
    const spread = id => `${round(percentile(perClaim[id], 25), 1)}–${round(percentile(perClaim[id], 75), 1)}`;
    const parse = med('parse');
    const z = med('zhishen');
    const rows = [['', 'µs / 理赔（中位数）', '四分位', '× JSON.parse', '× 智审', `结果数（${int(S.claims)} 条）`]];
    rows.push(['JSON.parse', round(parse, 1), spread('parse'), '1', '', '']);
    for (const v of [...variants, ...slowVariants]) {
        const slow = slowVariants.includes(v);
        rows.push([v.label + (slow ? `（${checkedSlow.length} 条理赔）` : ''), round(med(v.id), 1), spread(v.id), ratio(med(v.id) / parse), ratio(med(v.id) / z), slow ? `${findings[v.id]}（${checkedSlow.length} 条）` : int(findings[v.id])]);
    }
    out(table(rows));
    const goals = [
        ['智审 ≤ 1.3× 手写（逐字节相同的输出）', ratio(z / med('hand')), z / med('hand') <= 1.3],
        ['智审 ≤ 0.35× JSON.parse', ratio(z / parse), z / parse <= 0.35],
        ['10× 永不命中的知识点 ≤ 1.2× 时间', ratio(med('zhishenNever') / z), med('zhishenNever') / z <= 1.2],
        ['≥ 100× json-rules-engine（按用户的写法）', ratio(med('jrePlain') / z), med('jrePlain') / z >= 100],
        ['≥ 10× Zen（按用户的写法）', ratio(med('zenPlain') / z), med('zenPlain') / z >= 10],
        ['快于两者（编码 Map 在前）', `${ratio(med('jreMapped') / z)} / ${ratio(med('zenMapped') / z)}`, med('jreMapped') > z && med('zenMapped') > z]
    ];
    out('  目标（issue 15）：');
    out(table([['', '实测', ''], ...goals.map(([g, v, ok]) => [g, v, ok ? '达成' : '未达成'])], '    '));
    const result = { settings: S, counts, mismatches, findings, usPerClaim: Object.fromEntries(Object.keys(perClaim).map(id => [id, round(med(id), 2)])) };

    if (!args.skip.has('e2e')) result.e2e = endToEnd(S, args, claimsFile.file, packs.x1.file, out, note);
    return result;
}

/** zhishen run 端到端（新进程，墙钟与峰值 RSS），对照只读 + 解析 + 序列化的下限；各变体交替跑。 */
function endToEnd(S, args, claimsFile, packFile, out, note) {
    const lines = S.e2eClaims;
    const file = sliceClaims(claimsFile, lines);
    const bytes = statSync(file).size;
    out(`\n━━ zhishen run 端到端：${int(lines)} 条理赔（${mb(bytes)}），三条规则的规则包，输出写到文件 ━━`);
    const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
    if (!time) note('没有 /usr/bin/time：不报峰值内存');
    const variants = [
        { id: 'floor', label: '下限：读 + JSON.parse + JSON.stringify（单线程）', args: [join(ROOT, 'bench/peers/floor.mjs'), file] },
        { id: 'w1', label: 'zhishen run --workers 1', args: [CLI, 'run', '--pack', packFile, '--claims', file, '--workers', '1', '--no-progress'] },
        { id: 'w2', label: 'zhishen run --workers 2', args: [CLI, 'run', '--pack', packFile, '--claims', file, '--workers', '2', '--no-progress'] }
    ];
    if (args.before) variants.push({ id: 'before', label: `改动前的命令行（${args.before}）`, args: [join(args.before, 'bin.mjs'), 'run', '--pack', packFile, '--claims', file, '--no-progress'] });
    const runs = Object.fromEntries(variants.map(v => [v.id, { s: [], rss: [], cpu: [], hash: undefined }]));
    const outFile = join(CACHE, `e2e-out-${process.pid}.ndjson`);
    for (let round = 0; round < S.e2eRounds; round++) {
        for (let i = 0; i < variants.length; i++) {
            const v = variants[(i + round) % variants.length];
            const command = time ? [time, '-f', '%U %S %M', '-o', `${outFile}.time`, process.execPath, ...v.args] : [process.execPath, ...v.args];
            const t = performance.now();
            const r = spawnSync('sh', ['-c', `"$@" > "${outFile}"`, 'sh', ...command], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
            const ms = performance.now() - t;
            if (r.status !== 0) throw new Error(`${v.label} 失败（退出码 ${r.status}）：${r.stderr.toString().slice(0, 500)}`);
            runs[v.id].s.push(ms / 1000);
            if (time) {
                const [user, sys, rss] = readFileSync(`${outFile}.time`, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
                runs[v.id].cpu.push(user + sys);
                runs[v.id].rss.push(rss * 1024);
            }
            runs[v.id].hash ??= createHash('sha256').update(readFileSync(outFile)).digest('hex').slice(0, 16);
        }
    }
    rmSync(outFile, { force: true });
    rmSync(`${outFile}.time`, { force: true });
    const rate = id => lines / median(runs[id].s);
    const rows = [['', '理赔 / 秒（墙钟中位数）', `范围（${S.e2eRounds} 次）`, '× 下限', 'CPU 秒（用户 + 系统）', '峰值 RSS', '输出哈希']];
    for (const v of variants) {
        const r = runs[v.id];
        rows.push([v.label, int(rate(v.id)), `${int(lines / Math.max(...r.s))}–${int(lines / Math.min(...r.s))}`, ratio(rate(v.id) / rate('floor')), r.cpu.length ? round(median(r.cpu), 2) : '', r.rss.length ? mb(Math.max(...r.rss)) : '', r.hash]);
    }
    out(table(rows));
    const same = runs.w1.hash === runs.w2.hash && (!runs.before || runs.before.hash === runs.w1.hash);
    note(`输出：--workers 1 与 2${runs.before ? '、改动前' : ''} ${same ? '逐字节相同' : '不同！'}（下限的输出是输入本身，不比）`);
    const goals = [
        ['2 个工作线程 ≥ 1.6× 1 个', ratio(rate('w2') / rate('w1')), rate('w2') / rate('w1') >= 1.6],
        ...(runs.before ? [['2 个工作线程 ≥ 1.5× 改动前', ratio(rate('w2') / rate('before')), rate('w2') / rate('before') >= 1.5]] : []),
        ['峰值 RSS < 400 MB', runs.w2.rss.length ? mb(Math.max(...runs.w2.rss, ...runs.w1.rss)) : '—', runs.w2.rss.length > 0 && Math.max(...runs.w2.rss, ...runs.w1.rss) < 400 * 2 ** 20]
    ];
    out('  目标（issue 15）：');
    out(table([['', '实测', ''], ...goals.map(([g, v, ok]) => [g, v, ok ? '达成' : '未达成'])], '    '));
    if (file !== claimsFile) rmSync(file, { force: true });
    note('共享机器上其他进程占着 CPU 时，墙钟比值低估线程池的收益；CPU 秒看每个变体自己花的计算');
    return Object.fromEntries(variants.map(v => [v.id, { claimsPerSec: round(rate(v.id)), cpuSec: runs[v.id].cpu.length ? round(median(runs[v.id].cpu), 2) : null, maxRssMb: runs[v.id].rss.length ? round(Math.max(...runs[v.id].rss) / 2 ** 20) : null, hash: runs[v.id].hash }]));
}

/** 缓存的理赔文件的前 n 行（文件本来就是 n 行时直接用）。 */
function sliceClaims(file, n) {
    const total = Number(/-n(\d+)-/.exec(file)?.[1] ?? NaN);
    if (total === n) return file;
    const target = join(CACHE, `e2e-claims-${n}-${process.pid}.ndjson`);
    execFileSync('sh', ['-c', `head -n ${n} "${file}" > "${target}"`]);
    return target;
}

if (import.meta.url === `file://${process.argv[1]}`) {
    await runPeers(process.argv.slice(2));
}
