#!/usr/bin/env node
// 生成 stdlib-rules/README.md 中的两张表：2025 年版 88 类规则的实现状态，以及国家知识点的载入 / 生效情况。
// 用法：npm run build && node stdlib-rules/scripts/report.mjs [--check]
//   --check：只比较，README 与生成结果不一致时退出码 1（测试用）。
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NATIONAL = join(ROOT, '..', 'shared', 'kb-data');
const README = join(ROOT, 'stdlib-rules', 'README.md');
const RULES = join(ROOT, 'stdlib-rules', 'rules');
const BUREAU = join(ROOT, 'stdlib-rules', 'bureau');

const { createZhishenCoreServices } = await import(pathToFileURL(join(ROOT, 'language/dist/index.js')).href);
const { loadKnowledgeBaseFolder, loadKnowledgeBaseFolders } = await import(pathToFileURL(join(ROOT, 'language/dist/kb/load-folder.js')).href);
const { compile } = await import(pathToFileURL(join(ROOT, 'compiler/dist/index.js')).href);

/** 88 类规则中每一类的状态。键为规则类名称（与 rule_catalog_2025_88.json 一致）。 */
const STATUS = {
    '药品限工伤保险': ['已实现', 'GZ10000101001000', ''],
    '药品限生育保险': ['已实现', 'GZ10000101002000', ''],
    '中药饮片单复方均不予支付': ['已实现', 'GZ10000101003000', ''],
    '中药饮片单方使用不予支付': ['已实现', 'GZ10000101004000', '整张处方的饮片都在表中时触发'],
    '药品限二线使用': ['部分实现', 'GZ10000101005000', '只核对适应症诊断（轻度可疑）；一线药物无效或不耐受的治疗史不在 3101 数据中'],
    '药品限新生儿使用': ['已实现', 'GZ10000101006000', '需要地方表（bureau/，示例表与测试已带）：“限新生儿”药品表（两库数据中没有）'],
    '药品限儿童使用': ['已实现', 'GZ10000101007000', ''],
    '药品限适应症': ['部分实现', 'GZ10000101008000', '构建时把适应症原文映射成 ICD-10 编码族，运行时判诊断编码（精度见上文）；病情程度、分期、治疗线数不在编码中，轻度可疑'],
    '药品限最大开药天数/开药量': ['已实现', 'ZS2025009', '按明细用药天数 prd_days：门诊 7 天、急诊 3 天、门诊慢特病长处方 84 天（参数）；各药品自己的开药量上限表尚无'],
    '药品限支付疗程': ['已实现', 'GZ10000101010000', ''],
    '药品超限定病种目录范围使用': ['已实现', 'GZ10000101011000', '需要地方表（bureau/，示例表与测试已带）：门诊慢特病病种—药品目录对照表；只按主诊断的病种判'],
    '药品限医疗机构级别': ['已实现', 'GZ10000101012000', ''],
    '药品限就医方式': ['已实现', 'ZS2025013', '规则框架 1.0 无编码，使用本地编号'],
    '医疗服务项目超限定单价收费': ['已实现', 'GZ10000102001000', '限价取自明细的 lv1/lv2/lv3_hosp_item_pric'],
    '手术项目未按规定折价收费': ['已实现', 'GZ10000102002000', '折价比例为参数（默认 50%）；高度可疑'],
    '医疗服务项目限工伤保险': ['已实现', 'GZ10000102003000', '需要地方表（bureau/，示例表与测试已带）：项目表（两库数据中没有）'],
    '医疗服务项目限生育保险': ['已实现', 'GZ10000102004000', '需要地方表（bureau/，示例表与测试已带）：项目表（两库数据中没有）'],
    '医疗服务项目限新生儿使用': ['已实现', 'GZ10000102005000', '需要地方表（bureau/，示例表与测试已带）：项目表；国家“儿童专用”中的新生儿专用项目已由 GZ10000302003000 判'],
    '医疗服务项目限儿童使用': ['已实现', 'GZ10000102006000', '需要地方表（bureau/，示例表与测试已带）：项目表（两库数据中没有）'],
    '医疗服务项目限适应症': ['已实现', 'GZ10000102007000', '需要地方表（bureau/，示例表与测试已带）：项目表；与药品限适应症同样只判诊断编码，轻度可疑'],
    '医疗服务项目限科室使用': ['未实现', '', '需要项目—科室对照知识点；明细已有开单科室 drord_dept_codg'],
    '医疗服务项目限就医方式': ['已实现', 'GZ10000102009000', '需要地方表（bureau/，示例表与测试已带）：项目表（两库数据中没有）'],
    '医疗服务项目限支付疗程': ['已实现', 'GZ10000102010000', '“总时间不超过 N 天”按首末跨度计'],
    '医疗服务项目限医疗机构级别': ['已实现', 'GZ10000102011000', '需要地方表（bureau/，示例表与测试已带）：项目表（两库数据中没有）'],
    '医疗服务项目重复收费': ['已实现', 'GZ10000102012000', ''],
    '医疗服务项目分解收费': ['未实现', '', '两库数据中没有分解收费知识点（项目与其组成部分的对照）'],
    '医疗服务项目限定频次': ['已实现', 'GZ10000102014000', '计价单位“日”每日 ≤ 1、“小时”每日 ≤ 24（参数）'],
    '医疗服务项目超限定报销总额': ['未实现', '', '需要各项目报销总额上限与跨年度的历史费用'],
    '医疗服务项目限年龄': ['已实现', 'ZS2025029', '就业年龄上下限为参数'],
    '医疗服务项目与医用耗材重复收费': ['已实现', 'ZS2025030', '需要地方表（bureau/，示例表与测试已带）：项目—耗材对照表；规则框架 1.0 无编码，使用本地编号'],
    '医疗服务项目周期超频次': ['已实现', 'ZS2025031', '最短间隔从限定条件推出（不短于 N 天、每周、近 N 周 / 月）'],
    '耗材限新生儿使用': ['已实现', 'GZ10000103001000', '需要地方表（bureau/，示例表与测试已带）：耗材表（两库数据中没有）'],
    '耗材限儿童使用': ['已实现', 'GZ10000103002000', '需要地方表（bureau/，示例表与测试已带）：耗材表（两库数据中没有）'],
    '耗材超限定报销总额': ['未实现', '', '需要耗材报销总额上限'],
    '医保结算清单信息异常': ['未实现', '', '需要医保结算清单数据（不在 3101 入参中）'],
    '结算明细信息异常': ['部分实现', 'GZ10000201002000', '只核对 金额 = 数量 × 单价；其他字段一致性待补充'],
    '疾病诊断编码异常': ['已实现', 'GZ10000201003000', '诊断编码不在知识库 ICD-10 医保版目录中；需用完整目录构建（样例知识库只有部分类目）'],
    '手术操作编码异常': ['已实现', 'GZ10000201004000', '编码不在 ICD-9-CM-3 医保版目录中，或住院有手术编码（01–86 章，不含 73）却没有手术费项目'],
    '手术操作编码与性别不符': ['已实现', 'GZ10000201005000', 'ICD-9-CM-3 第 60–64 章（男）、65–75 章（女）'],
    '诊断编码与手术操作编码不符': ['未实现', '', '需要诊断—手术对照知识点'],
    '就诊数据非实时上传监管': ['未实现', '', '需要上传时间戳（不在 3101 入参中）'],
    '计费日期与住院时间不符': ['已实现', 'GZ10000201008000', ''],
    '药品进销存异常': ['未实现', '', '需要药品进销存数据'],
    '围手术期抗菌药物预防性应用监管': ['已实现', 'GZ10000202002000', '清洁手术（代码集，切口类别不在 3101 数据中）后超过 1 天（参数）的全身用抗菌药（XJ01）；有感染诊断不判；轻度可疑'],
    '抗菌药物分级使用管理': ['已实现', 'GZ10000202003000', '需要地方表（bureau/，示例表与测试已带）：特殊使用级抗菌药物表；高级职称代码为参数；限制使用级的处方权限尚无'],
    '药品种类超标': ['已实现', 'GZ10000202004000', '门急诊处方西药中成药品种数上限为参数（默认 5）'],
    '超互联网医院药品支付范围': ['已实现', 'ZS2025047', '规则框架 1.0 无编码，使用本地编号'],
    '医用耗材进销存异常': ['未实现', '', '需要耗材进销存数据'],
    '分解住院': ['已实现', 'GZ10000204001000', ''],
    '频繁门诊': ['已实现', 'GZ10000204002000', '统计天数、次数上限为参数；只统计请求中带来的历史就诊'],
    '频繁购药': ['已实现', 'GZ10000204003000', '同一自然月内购药次数上限为参数（默认 8 次）；只统计请求中带来的历史就诊'],
    '频繁住院': ['已实现', 'GZ10000204004000', '统计天数、次数上限为参数'],
    '无指征住院（低标准入院）': ['已实现', 'GZ10000204005000', '挂床启发式：只有床位费、护理费的天数 ≥ 3 天（参数）；病种—入院标准的知识尚无'],
    '诊断与患者性别不符': ['已实现', 'GZ10000204006000', ''],
    '诊断与患者年龄不符': ['已实现', 'GZ10000204007000', 'P 类诊断限出生 28 天内、O 类诊断限 10–60 岁（参数）；其他诊断—年龄段知识点尚无'],
    '药费占比统计': ['未实现', '', '群体统计指标：需要同级机构的统计数据（总体统计作用域待实现）'],
    '检验检查占比统计': ['未实现', '', '同上'],
    '耗材占比统计': ['未实现', '', '同上'],
    '治疗占比统计': ['未实现', '', '同上'],
    'CT检查占比统计': ['未实现', '', '同上'],
    '核磁检查占比统计': ['未实现', '', '同上'],
    '院内感染发生率统计': ['未实现', '', '同上'],
    '非计划再入院率统计': ['未实现', '', '同上'],
    '药品与医疗服务项目不符': ['未实现', '', '需要药品—项目对照知识点'],
    '药品儿童专用': ['已实现', 'GZ10000301002000', ''],
    '药品儿童禁用': ['未实现', '', '两库数据中没有该类知识点'],
    '药品区分性别使用': ['已实现', 'GZ10000301004000', '性别由名称与限定条件文字推出，见上文'],
    '超说明书用量开药': ['未实现', '', '需要药品说明书用量知识点'],
    '重复开药': ['已实现', 'GZ10000301006000', '国家定义：药理作用相同（药品编码第 2–6 位）的药品前次用量未用完又开，其他企业的同一药品也算；需要明细的用药天数 prd_days'],
    '超说明书适应症用药': ['未实现', '', '需要说明书适应症知识点'],
    '药品禁忌症': ['未实现', '', '需要药品禁忌症知识点'],
    '老年人用药安全': ['未实现', '', '需要老年人慎用 / 禁用药品知识点'],
    '妊娠期及哺乳期用药安全': ['未实现', '', '需要妊娠期禁用药品知识点；就诊已有生育状态 matn_stas'],
    '药品相互作用': ['未实现', '', '需要药品相互作用对照知识点'],
    '中药饮片配伍禁忌': ['未实现', '', '需要“十八反十九畏”饮片编码对照'],
    '中药饮片超大处方': ['已实现', 'ZS2025076', '一张处方的饮片味数上限为参数（默认 30 味）；总量上限尚无'],
    '中药饮片超量上传': ['未实现', '', '需要饮片日用量上限'],
    '无指征检验检查': ['未实现', '', '需要检验检查指征知识点'],
    '无指征治疗': ['未实现', '', '需要治疗指征知识点'],
    '医疗服务项目儿童专用': ['已实现', 'GZ10000302003000', ''],
    '医疗服务项目区分性别使用': ['已实现', 'GZ10000302004000', ''],
    '医疗服务项目禁忌症': ['未实现', '', '需要项目禁忌症知识点'],
    '医疗服务项目超适应症使用': ['未实现', '', '需要项目适应症知识点'],
    '医用耗材与医疗服务项目不符': ['未实现', '', '需要耗材—项目对照知识点'],
    '医用耗材与科室不符': ['未实现', '', '需要耗材—科室对照知识点'],
    '医用耗材数量超标': ['未实现', '', '需要耗材数量上限'],
    '医用耗材与性别不符': ['已实现', 'ZS2025087', '需要地方表（bureau/，示例表与测试已带）：耗材表；规则框架 1.0 无编码，使用本地编号'],
    '医用耗材限疾病使用': ['未实现', '', '需要耗材—疾病对照知识点']
};

const check = process.argv.includes('--check');
const catalog = JSON.parse(readFileSync(join(NATIONAL, 'liangku', 'rule_catalog_2025_88.json'), 'utf8'));
const kb = await loadKnowledgeBaseFolder(NATIONAL);
const services = createZhishenCoreServices().Zhishen;
const sources = readdirSync(RULES).filter(f => f.endsWith('.zs')).sort().map(f => ({ uri: pathToFileURL(join(RULES, f)).href, text: readFileSync(join(RULES, f), 'utf8') }));
const output = await compile({ services, sources, kb, root: fileURLToPath(new URL('../rules', import.meta.url)) });
if (!output.ok) {
    console.error(output.diagnostics.map(d => `${d.file}:${d.line} ${d.code} ${d.message}`).join('\n'));
    process.exit(2);
}
const manifest = output.result.manifest;
// 需要地方表的规则（bureau/rules）：与标准规则一起、用国家数据 + 示例地方表编译，确认状态表里写的规则都在
const bureauDir = join(BUREAU, 'rules');
const bureauSources = readdirSync(bureauDir).filter(f => f.endsWith('.zs')).sort().map(f => ({ uri: pathToFileURL(join(bureauDir, f)).href, text: readFileSync(join(bureauDir, f), 'utf8') }));
const withBureau = await compile({ services, sources: [...sources, ...bureauSources], kb: await loadKnowledgeBaseFolders([NATIONAL, join(BUREAU, 'tables')]), root: ROOT });
if (!withBureau.ok) {
    console.error(withBureau.diagnostics.map(d => `${d.file}:${d.line} ${d.code} ${d.message}`).join('\n'));
    process.exit(2);
}
const byId = new Map(withBureau.result.manifest.rules.map(r => [r.id, r]));

// 表一：88 类规则
const rows = ['| 序号 | 类别 | 规则类 | 国家编码（1.0） | 状态 | 智审规则 | 说明 |', '|---|---|---|---|---|---|---|'];
const counts = { 已实现: 0, 部分实现: 0, 未实现: 0 };
for (const rule of catalog.rules) {
    const status = STATUS[rule.name];
    if (!status) throw new Error(`README 状态表缺少规则类「${rule.name}」`);
    const [state, id, note] = status;
    counts[state]++;
    if (id && !byId.has(id)) throw new Error(`规则 ${id}（${rule.name}）不在标准规则包（含 bureau/）中`);
    rows.push(`| ${rule.seq} | ${rule.tier1} · ${rule.tier2} | ${rule.name}${rule.has_kp_detail ? ' ◆' : ''} | ${rule.gz_code_1_0 ?? '—'} | ${state} | ${id || '—'} | ${note} |`);
}
const extra = manifest.rules.filter(r => !Object.values(STATUS).some(s => s[1] === r.id));
const table1 = [
    `88 类中已实现 ${counts['已实现']} 类、部分实现 ${counts['部分实现']} 类、未实现 ${counts['未实现']} 类（◆ 表示国家规则库附有知识点明细）。`,
    '',
    ...rows,
    '',
    `此外，标准规则还包含规则库之外的通用规则：${extra.map(r => `${r.id} ${r.name}`).join('、')}。`
].join('\n');

// 表二：知识点
const kpRows = ['| 规则类 | 载入（有效） | 生效 | 未生效 | 未生效原因 | 使用它的规则 |', '|---|---|---|---|---|---|'];
let totalActive = 0;
let totalInactive = 0;
for (const [ruleClass, points] of kb.kpTables) {
    const users = manifest.rules.filter(r => r.table === ruleClass);
    const active = users.reduce((n, r) => n + r.instances, 0);
    const inactive = users.reduce((n, r) => n + r.inactive, 0);
    const reasons = users.flatMap(r => Object.entries(r.inactiveReasons ?? {}).map(([reason, n]) => `${reason}（${n}）`)).join('；');
    const wholeTable = users.length === 0 ? manifest.rules.filter(r => r.name.includes(ruleClass.replace(/^中药饮片/, ''))) : [];
    const usedBy = users.map(r => r.id).join('、') || (ruleClass === '中药饮片单方使用不予支付' ? 'GZ10000101004000（整表作为代码集）' : wholeTable.map(r => r.id).join('、') || '—');
    const activeShown = users.length > 0 ? String(active) : ruleClass === '中药饮片单方使用不予支付' ? String(points.length) : '0';
    totalActive += users.length > 0 ? active : ruleClass === '中药饮片单方使用不予支付' ? points.length : 0;
    totalInactive += inactive;
    kpRows.push(`| ${ruleClass} | ${points.length} | ${activeShown} | ${inactive} | ${reasons || '—'} | ${usedBy} |`);
}
const table2 = [
    `国家数据（../shared/kb-data）读入 ${kb.files.filter(f => f.role === 'knowledge-points').reduce((n, f) => n + f.records, 0)} 个知识点，`
    + `被新批次取代 ${kb.supersededCount} 个，格式有误跳过 ${kb.problems.filter(p => p.severity === 'error').length} 个，有效 ${[...kb.kpTables.values()].reduce((n, t) => n + t.length, 0)} 个；`
    + `标准规则中生效 ${totalActive} 个、未生效 ${totalInactive} 个。`,
    '',
    ...kpRows
].join('\n');

// 适应症：编码族的生效情况与标注样本上的精度
const { mapIndication } = await import(pathToFileURL(join(ROOT, 'language/dist/kb/indications.js')).href);
const { evaluateIndications, readSample, SAMPLE } = await import(pathToFileURL(join(ROOT, 'stdlib-rules/scripts/indication-eval.mjs')).href);
const diagnoses = kb.catalogues.get('诊断') ?? [];
const coverageLines = [];
for (const ruleClass of ['药品限适应症', '药品限二线使用']) {
    const points = kb.kpTables.get(ruleClass) ?? [];
    let mapped = 0;
    let lexiconOnly = 0;
    for (const kp of points) {
        const m = mapIndication(kp.constraint, diagnoses);
        if (m.set.length === 0) continue;
        mapped++;
        if (m.terms.every(t => t.source === 'lexicon')) lexiconOnly++;
    }
    coverageLines.push(`| ${ruleClass} | ${points.length} | ${mapped}（${(mapped / Math.max(1, points.length) * 100).toFixed(1)}%） | ${lexiconOnly} | ${mapped - lexiconOnly} |`);
}
const pct = x => `${(x * 100).toFixed(1)}%`;
const sampleLines = [];
for (const [label, file] of [['调校样本（概念表按它补充过）', SAMPLE], ['留出样本（先标注、后运行）', SAMPLE.replace('标注样本', '留出样本')]]) {
    const r = await evaluateIndications(kb, readSample(file));
    sampleLines.push(`| ${label} | ${r.points} | ${r.pairs} | ${r.tp} | ${r.fp} | ${r.fn} | ${r.tn} | ${pct(r.precision)} | ${pct(r.recall)} | ${r.inactiveRight}/${r.inactiveRight + r.inactiveWrong} |`);
}
const table3 = [
    '| 规则类 | 知识点 | 得到编码族（生效） | 只用概念表 | 用到 ICD-10 目录病名 |',
    '|---|---|---|---|---|',
    ...coverageLines,
    '',
    '| 标注样本 | 知识点 | 诊断对 | 真相符 | 假相符（漏判错误患者） | 假不符（误报正确患者） | 真不符 | 精确率 | 召回率 | 无病名的知识点判为不生效 |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...sampleLines
].join('\n');

const readme = readFileSync(README, 'utf8');
const replaced = replaceBetween(replaceBetween(replaceBetween(readme, '规则类表', table1), '知识点表', table2), '适应症表', table3);
if (check) {
    if (replaced !== readme) {
        console.error('stdlib-rules/README.md 的表格已过时：运行 npm run build && node stdlib-rules/scripts/report.mjs 重新生成');
        process.exit(1);
    }
    console.log('stdlib-rules/README.md 的表格是最新的');
} else {
    writeFileSync(README, replaced);
    console.log(`已更新 ${README}`);
}

function replaceBetween(text, name, content) {
    const start = `<!-- ${name}：由 scripts/report.mjs 生成，请勿手改 -->`;
    const end = `<!-- ${name}结束 -->`;
    const i = text.indexOf(start);
    const j = text.indexOf(end);
    if (i < 0 || j < 0) throw new Error(`README 缺少标记 ${start} / ${end}`);
    return text.slice(0, i + start.length) + '\n' + content + '\n' + text.slice(j);
}
