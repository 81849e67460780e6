#!/usr/bin/env node
/**
 * 生成样例知识库（stdlib-rules/sample-kb/）。开发工具，测试不运行它。
 *
 * 数据来源：项目外的国家数据 ../../../shared/kb-data/（相对本文件），只挑选、不改写：
 *   - 诊断、手术目录：原样复制选中的行；
 *   - 知识点：原样复制选中的记录（国家结构，字段不动），每个规则类一个文件；
 *   - 药品 / 医疗服务项目 / 中药饮片目录：由选中知识点的 med_codes + item_name（+ constraint）整理；
 *   - 字典：与内置默认字典（language/src/kb/default-dictionaries.ts）相同，取自构建产物
 *     language/dist/kb/default-dictionaries.js（没构建时保留现有字典文件不动）。
 *
 * 可重复运行，输出确定（排序固定，不含时间戳）：
 *   cd /work/main && npx tsc -b language && node stdlib-rules/sample-kb/build-sample.mjs
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const OUT = new URL('./', import.meta.url);
const SRC = new URL('../../../shared/kb-data/', import.meta.url);
const DIST_DICTS = new URL('../../language/dist/kb/default-dictionaries.js', import.meta.url);

/** 规则类的有效知识点不超过这个数就全收 */
const SMALL_CLASS = 120;
/** 大类：按文件顺序取前 N 个，再加演示需要的 */
const FIRST_N = 40;
/** 演示补充的上限（每类） */
const EXTRA_CAP = 40;
/** 为拼音 / 名称搜索演示补充的两个公开可见的阿莫西林编码（不在国家知识点表里） */
const EXTRA_DRUGS = [
    ['XJ01CAA040A001010102699', '阿莫西林胶囊'],
    ['XJ01CAA040A001010405611', '阿莫西林片']
];

const ICD10_FAMILIES = [['O', 0, 99], ['N', 40, 51], ['N', 70, 98], ['C', 51, 58], ['C', 60, 63], ['E', 10, 14], ['I', 10, 15], ['J', 0, 22], ['K', 25, 29], ['S', 0, 9], ['Z', 30, 39], ['D', 25, 29], ['D', 39, 40], ['E', 28, 29], ['Q', 50, 55], ['R', 10, 10], ['M', 5, 6], ['F', 32, 33],
    // 性别不符的补充（原位癌、标本异常、性发育异常）与适应症、年龄规则的测试用类目
    ['D', 6, 7], ['R', 86, 87], ['Q', 56, 56], ['Q', 96, 99], ['E', 25, 25], ['E', 34, 34], ['C', 34, 34], ['C', 92, 92], ['C', 50, 50], ['B', 20, 24], ['P', 0, 96],
    // 围手术期抗菌药的感染诊断（脓毒症）
    ['A', 40, 41]];
const GENDER_KEYWORDS = ['前列腺', '子宫', '月经', '产后', '男性', '女性'];
const GENDER_CLASSES = new Set(['药品区分性别使用', '医疗服务项目区分性别使用']);
const REPEAT_CLASS = '医疗服务项目重复收费';
const DEMO_PAIR_HEAD = '001103000010000'; // 急诊监护费

// ---------------------------------------------------------------------------------------------

const text = (rel) => readFileSync(new URL(rel, SRC), 'utf8');
const out = (rel, content) => {
    const url = new URL(rel, OUT);
    mkdirSync(new URL('./', url), { recursive: true });
    writeFileSync(url, content);
};
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
/** TSV 单元格：去掉换行与制表符（知识点原文里偶有换行） */
const cell = (s) => String(s ?? '').replace(/\s*[\r\n\t]+\s*/g, ' ').trim();
const tsv = (header, rows) => [header, ...rows].map(r => r.map(cell).join('\t')).join('\n') + '\n';

// ---- 诊断、手术：原样取行 ----

function selectRows(file, keep) {
    const lines = text(file).split('\n');
    const header = lines[0];
    const rows = lines.slice(1).filter(l => l.length > 0 && keep(l.slice(0, l.indexOf('\t'))));
    return { header, rows };
}

function inIcd10Families(code) {
    const m = /^([A-Z])(\d{2})/.exec(code);
    if (!m) return false;
    const n = Number(m[2]);
    return ICD10_FAMILIES.some(([letter, lo, hi]) => m[1] === letter && n >= lo && n <= hi);
}

function inProcedureFamilies(code) {
    const n = Number(code.slice(0, 2));
    // 60–75 生殖器与产科；36.0 冠状动脉；06.2–06.5 甲状腺、53.0–53.1 疝修补、85.2 / 85.4 乳房、81.51 / 81.54 关节置换（围手术期抗菌药的清洁手术）；
    // 01.0、86.0（手术章 01–86 两端的一节，代码集 收手术费的操作 的区间端点）
    return (/^\d{2}\./.test(code) && n >= 60 && n <= 75) || ['36.0', '81.51', '81.54', '06.2', '06.3', '06.4', '06.5', '53.0', '53.1', '85.2', '85.4', '01.0', '86.0'].some(p => code.startsWith(p));
}

const icd10 = selectRows('icd10-chs.tsv', inIcd10Families);
const icd9 = selectRows('icd9cm3-chs.tsv', inProcedureFamilies);

// ---- 知识点：读全部（按路径排序：批次在前、更新在后），去掉坏记录与被取代的 ----

const kpFiles = readdirSync(new URL('liangku/', SRC)).filter(f => f.endsWith('.json') && !f.startsWith('index') && !f.startsWith('rule_catalog')).sort(cmp);
const all = [];
for (const f of kpFiles) {
    const arr = JSON.parse(text('liangku/' + f));
    for (const r of arr) {
        if (!r || !r.kp_id || !r.rule_class || !Array.isArray(r.med_codes) || r.med_codes.length === 0) continue;
        all.push(r);
    }
}
const superseded = new Set(all.map(r => r.supersedes).filter(Boolean));
const active = all.filter(r => !superseded.has(r.kp_id));
const classes = new Map();
for (const r of active) {
    if (!classes.has(r.rule_class)) classes.set(r.rule_class, []);
    classes.get(r.rule_class).push(r);
}

const selected = new Map(); // rule_class → 记录（文件顺序）
const selectionNotes = [];
for (const [ruleClass, points] of classes) {
    if (points.length <= SMALL_CLASS) {
        selected.set(ruleClass, points);
        selectionNotes.push([ruleClass, points.length, points.length, '全部']);
        continue;
    }
    const keep = new Set(points.slice(0, FIRST_N));
    let extra = 0;
    const demo = (r) => {
        if (ruleClass === REPEAT_CLASS) return r.med_codes[0] === DEMO_PAIR_HEAD;
        if (GENDER_CLASSES.has(ruleClass)) return GENDER_KEYWORDS.some(k => (r.constraint ?? '').includes(k) || r.item_name.includes(k));
        return false;
    };
    for (const r of points) {
        if (extra >= EXTRA_CAP || keep.has(r) || !demo(r)) continue;
        keep.add(r);
        extra++;
    }
    const list = points.filter(r => keep.has(r));
    selected.set(ruleClass, list);
    const demoTotal = points.filter(demo).length;
    const demoInFirst = points.slice(0, FIRST_N).filter(demo).length;
    const why = ruleClass === REPEAT_CLASS ? `前 ${FIRST_N} 个 + 急诊监护费（${DEMO_PAIR_HEAD}）的全部配对（共 ${demoTotal} 个，前 ${FIRST_N} 个里已有 ${demoInFirst} 个，另补 ${extra} 个）`
        : GENDER_CLASSES.has(ruleClass) ? `前 ${FIRST_N} 个 + 提到${GENDER_KEYWORDS.join('/')}的（共 ${demoTotal} 个，另补 ${extra} 个，至多 ${EXTRA_CAP} 个）`
        : `前 ${FIRST_N} 个`;
    selectionNotes.push([ruleClass, points.length, list.length, why]);
}
const mustHave = selected.get(REPEAT_CLASS)?.some(r => r.med_codes[0] === DEMO_PAIR_HEAD && r.med_codes[1] === '001102000030000');
if (!mustHave) throw new Error('样例缺少 急诊监护费×急诊诊查费 知识点');

// ---- 目录：由知识点整理 ----

const PAIR_CLASS = (r) => r.detect_logic?.includes('同时收费') || r.rule_class.includes('重复收费') || r.rule_class.includes('折价');
const isRestriction = (r) => !PAIR_CLASS(r) && /限|支付|不予|不得|专用|不超过/.test(r.constraint ?? '');
const codeNames = (r) => {
    const parts = r.item_name.split('×');
    return r.med_codes.map((c, j) => [c, parts.length === r.med_codes.length && parts.length > 1 ? parts[j].trim() : r.item_name]);
};

/** kind → Map(code → { name, restrictions[] }) */
function collect(records, shape, restrictionOf) {
    const map = new Map();
    for (const r of records) {
        for (const [code, name] of codeNames(r)) {
            if (!shape.test(code)) continue;
            if (!map.has(code)) map.set(code, { name, restrictions: [] });
            const restriction = cell(restrictionOf(r));
            const entry = map.get(code);
            if (restriction && !entry.restrictions.includes(restriction)) entry.restrictions.push(restriction);
        }
    }
    return map;
}

const selectedRecords = [...selected.values()].flat();
const drugs = collect(selectedRecords, /^[XZ][A-Z0-9]+$/, r => (isRestriction(r) ? r.constraint : '')); // 药品：限定 = 限定文字的 constraint 原文
for (const [code, name] of EXTRA_DRUGS) if (!drugs.has(code)) drugs.set(code, { name, restrictions: [] });
const services = collect(selectedRecords, /^\d{9,}$/, r => (isRestriction(r) ? r.constraint : ''));
const herbs = collect(selectedRecords, /^T\d+$/, r => (isRestriction(r) ? r.constraint : ''));

// 代码集：在全部有效知识点里找床位费、护理费项目（编码与名称都来自国家数据）
const allServices = collect(active, /^\d{9,}$/, () => '');
const bedFees = [...allServices].filter(([, v]) => v.name.includes('床位费')).sort((a, b) => cmp(a[0], b[0]));
const nursing = [...allServices].filter(([code, v]) => v.name.includes('护理') && code.startsWith('0012')).sort((a, b) => cmp(a[0], b[0]));
for (const [code, v] of [...bedFees, ...nursing]) if (!services.has(code)) services.set(code, { name: v.name, restrictions: [] });

const byCode = (map) => [...map].sort((a, b) => cmp(a[0], b[0]));

// ---- 写文件 ----

rmSync(new URL('catalogues/', OUT), { recursive: true, force: true });
rmSync(new URL('knowledge-points/', OUT), { recursive: true, force: true });
rmSync(new URL('code-sets/', OUT), { recursive: true, force: true });

out('catalogues/诊断.tsv', [icd10.header, ...icd10.rows].join('\n') + '\n');
out('catalogues/手术.tsv', [icd9.header, ...icd9.rows].join('\n') + '\n');
out('catalogues/药品.tsv', tsv(['code', 'name', 'spec', 'restriction'], byCode(drugs).map(([c, v]) => [c, v.name, '', v.restrictions.join('；')])));
out('catalogues/医疗服务项目.tsv', tsv(['code', 'name', 'restriction'], byCode(services).map(([c, v]) => [c, v.name, v.restrictions.join('；')])));
out('catalogues/中药饮片.tsv', tsv(['code', 'name', 'restriction'], byCode(herbs).map(([c, v]) => [c, v.name, v.restrictions.join('；')])));

const kpFileNames = [];
for (const [ruleClass, records] of selected) {
    const name = `knowledge-points/${ruleClass}.json`;
    kpFileNames.push(name);
    // 一行一条记录（比逐字段缩进小一半，diff 仍按记录对齐）
    out(name, '[\n' + records.map(r => JSON.stringify(r)).join(',\n') + '\n]\n');
}
kpFileNames.sort(cmp);

out('code-sets/床位费.tsv', tsv(['code', 'name'], bedFees.map(([c, v]) => [c, v.name])));
out('code-sets/护理费.tsv', tsv(['code', 'name'], nursing.map(([c, v]) => [c, v.name])));

// 字典：内置默认，加上地方才有的示例代码（国家没有统一代码的互联网医院、基层医疗机构）
const LOCAL_DICTIONARY_ROWS = {
    medins_type: [['3', '互联网医院（示例：地方代码）', '互联网医院'], ['4', '基层医疗卫生机构（示例：地方代码）', '基层医疗机构']]
};
let dictionaries;
if (existsSync(fileURLToPath(DIST_DICTS))) {
    const { DEFAULT_DICTIONARIES } = await import(DIST_DICTS.href);
    dictionaries = DEFAULT_DICTIONARIES.map(d => ({ name: d.name, description: d.description, fallbackCategory: d.fallbackCategory }));
    rmSync(new URL('dictionaries/', OUT), { recursive: true, force: true });
    for (const d of DEFAULT_DICTIONARIES) {
        const rows = [...d.entries.values()].map(e => [e.code, e.label, e.category ?? '']);
        out(`dictionaries/${d.name}.tsv`, tsv(['code', 'label', 'category'], [...rows, ...(LOCAL_DICTIONARY_ROWS[d.name] ?? [])]));
    }
} else {
    console.warn('没有找到 language/dist（先 npx tsc -b language），字典文件保持不动。');
    const previous = JSON.parse(readFileSync(new URL('zhishen-kb.json', OUT), 'utf8'));
    dictionaries = previous.dictionaries.map(d => ({ name: d.name, description: d.description, fallbackCategory: d.fallbackCategory }));
}

const manifest = {
    name: '智审样例知识库',
    version: '2026.01-sample.1',
    description: '从国家医保“两库”知识点（17 批 + 2026-01 更新）与 ICD-10 / ICD-9-CM-3 医保版中挑选的小型样例知识库：开箱即可运行规则、测试与演练场。编码与文字均为国家数据原文，没有编造。',
    catalogues: [
        { file: 'catalogues/诊断.tsv', kind: '诊断' },
        { file: 'catalogues/手术.tsv', kind: '手术' },
        { file: 'catalogues/药品.tsv', kind: '药品', columns: { code: 'code', name: 'name', spec: 'spec', restriction: 'restriction' } },
        { file: 'catalogues/医疗服务项目.tsv', kind: '医疗服务项目', columns: { code: 'code', name: 'name', restriction: 'restriction' } },
        { file: 'catalogues/中药饮片.tsv', kind: '中药饮片', columns: { code: 'code', name: 'name', restriction: 'restriction' } }
    ],
    codeSets: [
        { name: '床位费', description: '床位费类医疗服务项目（0011090000…，取自知识点中出现的项目）', file: 'code-sets/床位费.tsv' },
        { name: '护理费', description: '护理类医疗服务项目（0012010000…：等级护理与专项护理，取自知识点中出现的项目）', file: 'code-sets/护理费.tsv' },
        { name: '阿莫西林', description: '示例：内联写法与前缀（以 * 结尾）。XJ01CAA040 为阿莫西林两个样例编码的共同前缀', codes: ['XJ01CAA040*'] }
    ],
    dictionaries: dictionaries.map(d => {
        const entry = { name: d.name, description: d.description, file: `dictionaries/${d.name}.tsv` };
        if (d.fallbackCategory !== undefined) entry.fallbackCategory = d.fallbackCategory;
        return entry;
    }),
    knowledgePoints: kpFileNames
};
out('zhishen-kb.json', JSON.stringify(manifest, null, 2) + '\n');

// ---- README ----

const count = (rows) => rows.length.toLocaleString('en-US');
const readme = `# 智审样例知识库

一个小而真实的知识库：规则、测试、演练场开箱即可运行。**所有编码与文字都来自国家数据原文**
（\`../shared/kb-data/\`，见项目外的 kb-data/README.md），只做挑选与整理，没有编造编码。
由 \`build-sample.mjs\` 生成，请不要手工修改生成的文件（改脚本后重新生成）。

清单 \`zhishen-kb.json\` 把每个文件都显式列出来，演示清单格式；没有清单时加载器按约定识别文件（见 language/src/kb/load.ts）。

## 内容

| 文件 | 内容 | 条数 | 来源 |
|---|---|---|---|
| \`catalogues/诊断.tsv\` | ICD-10 医保版诊断：O00–O99、N40–N51、N70–N98、C51–C58、C60–C63、E10–E14、I10–I15、J00–J22、K25–K29、S00–S09、Z30–Z39、D25–D29、D39–D40、E28–E29、Q50–Q55、R10、M05–M06、F32–F33、A40–A41 各类目下的全部编码 | ${count(icd10.rows)} | \`icd10-chs.tsv\` 原样取行 |
| \`catalogues/手术.tsv\` | ICD-9-CM-3 医保版手术操作：60–64（男性生殖器）、65–71（女性生殖器）、72–75（产科）、36.0（冠状动脉）、06.2–06.5（甲状腺）、53.0–53.1（疝）、85.2 / 85.4（乳房）、81.51 / 81.54（关节置换）、01.0 与 86.0 | ${count(icd9.rows)} | \`icd9cm3-chs.tsv\` 原样取行 |
| \`catalogues/药品.tsv\` | 样例知识点里出现的全部药品编码（西药 23 位、中成药 20 位）；name = 知识点 item_name；restriction = 知识点 constraint 中的限定支付文字（含“限、支付、不予、不得、专用、不超过”的；儿童专用、区分性别等类里的功能主治说明不算限定，留空。同一编码多条时以“；”连接，换行改为空格）；spec 国家知识点没有，留空 | ${count([...drugs])} | 知识点 med_codes；另加两个公开可见的阿莫西林编码（XJ01CAA040A001010102699 阿莫西林胶囊、XJ01CAA040A001010405611 阿莫西林片），供名称与拼音搜索演示 |
| \`catalogues/医疗服务项目.tsv\` | 样例知识点里的服务项目编码（15 位），以及下面两个代码集里的项目；重复收费的“A×B”名称按 × 拆给两个编码；restriction 只取单项目限定文字（重复收费、手术折价的 constraint 是配对 / 分组说明，不当限定） | ${count([...services])} | 知识点 med_codes + item_name |
| \`catalogues/中药饮片.tsv\` | 样例知识点里的中药饮片编码（T + 数字） | ${count([...herbs])} | 知识点 |
| \`knowledge-points/*.json\` | 国家知识点记录，结构与字段原样（每个规则类一个文件） | ${count(selectedRecords)} | \`liangku/batch_*.json\`、\`updates_2026-01.json\` |
| \`code-sets/床位费.tsv\` | 床位费项目：普通病房床位费 001109000010000 及其单人间、双人间…（0011090000101xx）、层流洁净、监护病房、急诊观察床位费 | ${bedFees.length} | 全部有效知识点中名称含“床位费”的服务项目 |
| \`code-sets/护理费.tsv\` | 护理项目：等级护理（特级、Ⅰ级、Ⅱ级、Ⅲ级：001201000020000–001201000050000）与专项护理（新生儿护理、气管切开护理、一般专项护理…）。注意：国家知识点里的 0011070000… 是“病房取暖费”，不是护理费 | ${nursing.length} | 全部有效知识点中名称含“护理”、编码以 0012 开头的服务项目 |
| \`dictionaries/*.tsv\` | 理赔字段字典：gend、med_type、medins_lv、insutype、medins_type、hilist_type、chrg_type | ${dictionaries.length} 个 | 与内置默认字典相同 |

清单里还有一个内联代码集“阿莫西林”（\`"codes": ["XJ01CAA040*"]\`），演示不用文件、用前缀写代码集。

## 知识点怎么挑的

先去掉坏记录（如 batch_01 第 872 项：说明行，med_codes 为空）和被 \`updates_2026-01.json\` 取代的旧点（收新点，不收旧点），
再按规则类挑选（文件顺序：批次 01–17 在前、更新在后）：

| 规则类 | 有效知识点 | 样例收录 | 挑法 |
|---|---|---|---|
${selectionNotes.map(([c, n, k, why]) => `| ${c} | ${n} | ${k} | ${why} |`).join('\n')}

## 字典与默认值

字典把理赔上传的代码归到语言里的枚举（性别、就医类别、机构等级、险种类别、机构类别、项目类别）。
语言内置了一套**文档化的默认字典**（language/src/kb/default-dictionaries.ts，每个字典注明了代码出处）；
知识库 \`dictionaries/\` 下的同名文件（列：code、label、category）**覆盖或补充**默认条目，未出现的代码仍用默认值。
这里的字典文件与默认值完全相同，放在这里是为了让使用者看到格式、直接修改。各地代码不同的（尤其 medins_lv、medins_type），
请改成本地代码；工伤保险没有国家医保 insutype 代码，经本系统审核工伤费用的地区请在 insutype.tsv 加上本地代码并归到“工伤保险”。

## 重新生成

\`\`\`sh
cd /work/main && npx tsc -b language      # 字典取自构建产物；没构建时字典文件保持不动
node stdlib-rules/sample-kb/build-sample.mjs
\`\`\`

脚本读 \`new URL('../../../shared/kb-data/', import.meta.url)\`，输出确定（固定排序、无时间戳），可反复运行。
`;
out('README.md', readme);

console.log(`诊断 ${icd10.rows.length}，手术 ${icd9.rows.length}，药品 ${drugs.size}，服务项目 ${services.size}，饮片 ${herbs.size}，知识点 ${selectedRecords.length}（${selected.size} 类），床位费 ${bedFees.length}，护理费 ${nursing.length}`);
