#!/usr/bin/env node
/**
 * 知识库基准：加载国家数据 ../shared/kb-data（原样，无清单）、建索引、搜索延迟。
 * 用构建产物（先 npx tsc -b language）：
 *   node bench/kb.mjs [知识库目录]
 * 也可被 bench/run.mjs 调用：import { runKbBench } from './kb.mjs'。
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCodeIndex } from '../language/dist/kb/index.js';
import { loadKnowledgeBaseFolder } from '../language/dist/kb/load-folder.js';
import { median, percentile } from './lib/measure.mjs';
import { mulberry32 } from './lib/random.mjs';

const DEFAULT_DIR = fileURLToPath(new URL('../../shared/kb-data/', import.meta.url));

const ms = (x) => Math.round(x * 100) / 100;

/** 常用的拼音首字母查询（医保名称里常见的词） */
const PINYIN_QUERIES = ['amx', 'amxl', 'gxy', 'tnb', 'jzjh', 'cwf', 'hl', 'zsy', 'zsj', 'kfy', 'jn', 'gzdm', 'zjzc', 'qlx', 'zg', 'xnb', 'fy', 'ex', 'zl', 'ss'];

/** 从目录里按固定种子挑查询：中文名称片段、编码前缀、名称的拼音首字母 */
async function buildQueries(kb, count) {
    const entries = [...kb.catalogues.values()].flat();
    const next = mulberry32(20260105);
    const pick = () => entries[Math.floor(next() * entries.length)];
    const chinese = [];
    const codes = [];
    const pinyin = [...PINYIN_QUERIES];
    const per = Math.ceil(count / 3);
    while (chinese.length < per) {
        const name = pick().name.replace(/[^\u4e00-\u9fff]/g, '');
        if (name.length < 2) continue;
        const len = 2 + Math.floor(next() * Math.min(4, name.length - 1));
        const start = Math.floor(next() * (name.length - len + 1));
        chinese.push(name.slice(start, start + len));
    }
    while (codes.length < per) {
        const code = pick().code;
        codes.push(code.slice(0, Math.min(code.length, 3 + Math.floor(next() * 6))));
    }
    // 名称开头 2–4 个汉字的首字母（用 pinyin-pro 生成，与索引无关）
    const { pinyin: toPinyin } = await import('pinyin-pro');
    while (pinyin.length < count - chinese.length - codes.length) {
        const name = pick().name.replace(/[^\u4e00-\u9fff]/g, '');
        if (name.length < 2) continue;
        const len = 2 + Math.floor(next() * Math.min(3, name.length - 1));
        pinyin.push(toPinyin(name.slice(0, len), { pattern: 'first', toneType: 'none', separator: '' }).toLowerCase());
    }
    return { chinese, codes, pinyin };
}

/**
 * 跑一遍基准，返回数字（毫秒）。options.dir 知识库目录；options.queries 查询条数；options.repeat 每条查询计时次数。
 */
export async function runKbBench(options = {}) {
    const dir = options.dir ?? DEFAULT_DIR;
    const queryCount = options.queries ?? 200;
    const repeat = options.repeat ?? 5;
    const loadRuns = options.loadRuns ?? 3;
    if (!existsSync(dir)) throw new Error(`知识库目录不存在：${dir}`);

    // 1. 加载（读文件 + 解析 + 校验 + 建索引），跑几次取中位数；第一次（冷启动）单列
    const totals = [];
    let kb;
    for (let i = 0; i < loadRuns; i++) {
        const t0 = performance.now();
        kb = await loadKnowledgeBaseFolder(dir);
        totals.push(performance.now() - t0);
    }
    // 2. 索引单独计时：对同样的条目重建（与加载器内部做的工作相同）
    const entries = [...kb.catalogues.values()].flat();
    const indexRuns = [];
    for (let i = 0; i < loadRuns; i++) {
        const t0 = performance.now();
        buildCodeIndex(entries);
        indexRuns.push(performance.now() - t0);
    }
    const total = median(totals);
    const index = median(indexRuns);

    // 3. 懒构建：第一次名称查询（小写名称长串）、第一次拼音查询（首字母串）
    const fresh = buildCodeIndex(entries);
    let t0 = performance.now();
    fresh.search('糖尿病');
    const firstNameSearch = performance.now() - t0;
    t0 = performance.now();
    fresh.search('gxy');
    const firstPinyinSearch = performance.now() - t0;

    // 4. 搜索延迟（热）：约 200 条查询，每条计时 repeat 次
    const queries = await buildQueries(kb, queryCount);
    const all = [...queries.chinese.map(q => ['中文名称', q]), ...queries.codes.map(q => ['编码前缀', q]), ...queries.pinyin.map(q => ['拼音首字母', q])];
    for (const [, q] of all) kb.index.search(q); // 预热（含懒构建）
    const samples = { 中文名称: [], 编码前缀: [], 拼音首字母: [] };
    const hits = { 中文名称: 0, 编码前缀: 0, 拼音首字母: 0 };
    for (let r = 0; r < repeat; r++) {
        for (const [kind, q] of all) {
            const t = performance.now();
            const result = kb.index.search(q);
            samples[kind].push(performance.now() - t);
            if (r === 0 && result.length > 0) hits[kind]++;
        }
    }
    const stats = (xs) => {
        const s = [...xs].sort((a, b) => a - b);
        return { p50: ms(percentile(s, 50)), p95: ms(percentile(s, 95)), max: ms(s[s.length - 1]) };
    };
    const allSamples = Object.values(samples).flat();

    // nearest（你是否想要）：把编码改错一位
    const nearestSamples = [];
    for (const code of queries.codes.slice(0, 50)) {
        const full = kb.index.byPrefix(code, { limit: 1 })[0]?.code ?? code;
        const typo = full.slice(0, -2) + (full.at(-2) === '0' ? '1' : '0') + full.at(-1);
        const t = performance.now();
        kb.index.nearest(typo);
        nearestSamples.push(performance.now() - t);
    }

    const byKind = Object.fromEntries([...kb.catalogues].map(([kind, list]) => [kind, list.length]));
    const kps = [...kb.kpTables.values()].reduce((n, t) => n + t.length, 0);
    return {
        dir,
        kbId: kb.id,
        entries: { total: kb.index.size, byKind },
        knowledgePoints: { active: kps, superseded: kb.supersededCount, ruleClasses: kb.kpTables.size },
        problems: kb.problems.length,
        timingsMs: {
            loadFirst: ms(totals[0]),
            total: ms(total),
            load: ms(total - index),
            index: ms(index),
            firstNameSearch: ms(firstNameSearch),
            firstPinyinSearch: ms(firstPinyinSearch)
        },
        search: {
            queries: all.length,
            repeat,
            all: stats(allSamples),
            byKind: Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, { ...stats(xs), queries: xs.length / repeat, withHits: hits[k] }])),
            nearest: stats(nearestSamples)
        }
    };
}

function print(r) {
    const t = r.timingsMs;
    console.log(`知识库基准：${r.dir}（id ${r.kbId}）`);
    console.log(`  条目 ${r.entries.total.toLocaleString()}：${Object.entries(r.entries.byKind).map(([k, n]) => `${k} ${n.toLocaleString()}`).join('，')}`);
    console.log(`  知识点：有效 ${r.knowledgePoints.active.toLocaleString()}，被取代 ${r.knowledgePoints.superseded}，规则类 ${r.knowledgePoints.ruleClasses}；问题 ${r.problems} 条`);
    console.log(`  加载（读文件 + 解析 + 建索引，${'中位数'}）：总计 ${t.total} ms = 加载 ${t.load} ms + 索引 ${t.index} ms；第一次（冷启动）${t.loadFirst} ms`);
    console.log(`  懒构建：第一次名称查询 ${t.firstNameSearch} ms，第一次拼音查询 ${t.firstPinyinSearch} ms`);
    console.log(`  搜索（热，${r.search.queries} 条 × ${r.search.repeat} 次）：p50 ${r.search.all.p50} ms，p95 ${r.search.all.p95} ms，最大 ${r.search.all.max} ms`);
    for (const [k, s] of Object.entries(r.search.byKind)) {
        console.log(`    ${k}（${s.queries} 条，有结果 ${s.withHits}）：p50 ${s.p50} ms，p95 ${s.p95} ms，最大 ${s.max} ms`);
    }
    console.log(`  nearest（改错一位的编码，50 条）：p50 ${r.search.nearest.p50} ms，p95 ${r.search.nearest.p95} ms`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const dir = process.argv[2];
    const result = await runKbBench(dir ? { dir } : {});
    print(result);
    if (process.env.BENCH_JSON) console.log(JSON.stringify(result, null, 2));
}
