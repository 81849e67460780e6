/**
 * 生成基准用的规则源码与知识库视图。
 *
 * - nationalTemplates()：每个国家规则类（两库 21 类）一条规则——模板 + 知识点表，形状参照标准规则
 *   （性别、儿童、重复收费、限定频次、支付疗程、险种、机构级别、就医方式、适应症、饮片、互联网医院、手术折价、周期频次、年龄）。
 *   对全部 3,501 个有效知识点就是“全国知识点规则包”。
 * - kbWithPoints(kb, n)：同一份知识库，但知识点表只含 n 个知识点（固定种子洗牌后取前 n 个，保持各自的规则类）；
 *   n 超过有效知识点总数时，多出的部分由真实知识点重组（同一规则类内：限定条件取自一个点、编码取自另一个点），
 *   这样新增的实例仍指向理赔里会出现的真实编码。
 * - distinctRules(codes, n)：n 条互不相同的小规则（各带 1–3 个真实编码的字面代码集，7 种条件形状轮换）。
 * - checkSource(codes, minLines)：约 3,000 行的规则文件（全国模板 + 不同规则），用于 zhishen check。
 */
import { random } from './random.mjs';

const ALL_PHASES = '事前, 事中, 事后';

/** 规则类 → 规则头（编号、名称、分类、级别、环节）与规则体（套用模板或内联）。 */
const CLASS_RULES = [
    ['药品区分性别使用', 'GZ10000301004000', '药品合理使用类', '明确违规', { template: '性别不符' }],
    ['医疗服务项目区分性别使用', 'GZ10000302004000', '医疗服务项目合理使用类', '明确违规', { template: '性别不符' }],
    ['药品儿童专用', 'GZ10000301002000', '药品合理使用类', '明确违规', { template: '超出儿童年龄' }],
    ['药品限儿童使用', 'GZ10000101007000', '药品政策限定类', '明确违规', { template: '超出儿童年龄' }],
    ['医疗服务项目儿童专用', 'GZ10000302003000', '医疗服务项目合理使用类', '明确违规', { template: '超出儿童年龄' }],
    ['药品限支付疗程', 'GZ10000101010000', '药品政策限定类', '明确违规', { template: '超支付疗程' }],
    ['医疗服务项目限支付疗程', 'GZ10000102010000', '医疗服务项目政策限定类', '明确违规', { template: '超支付疗程' }],
    ['药品限适应症', 'GZ10000101008000', '药品政策限定类', '轻度可疑', { template: '缺少适应症诊断' }],
    ['药品限二线使用', 'GZ10000101005000', '药品政策限定类', '轻度可疑', { template: '缺少适应症诊断' }],
    ['药品限工伤保险', 'GZ10000101001000', '药品政策限定类', '明确违规', { template: '限特定险种' }],
    ['药品限生育保险', 'GZ10000101002000', '药品政策限定类', '明确违规', { template: '限特定险种' }],
    ['医疗服务项目重复收费', 'GZ10000102012000', '医疗服务项目政策限定类', '明确违规', { body: `
  仅当 非 (k.首码 属于 k.其余码)
  对每条 明细 b 属于 k.其余码
    令 同日A = 明细 其中 编码 = k.首码 且 日期 = b.日期
    当 存在(同日A)
    违规 b
    涉及 同日A
    提示 "「{b.名称}」与「{k.名称}」同日收费"
    依据 k.限定条件` }],
    ['医疗服务项目限定频次', 'GZ10000102014000', '医疗服务项目政策限定类', '明确违规', { params: ['按日上限 = 1次', '按小时上限 = 24次'], body: `
  令 计价单位 = 若 k.限定条件 属于 { "日", "天" } 则 "日" 否则 若 k.限定条件 = "小时" 则 "小时" 否则 空
  仅当 有值(计价单位)
  令 每日上限 = 若 计价单位 = "日" 则 按日上限 否则 按小时上限
  对每日 明细 d 属于 k.编码
    当 d.数量 > 每日上限
    违规 d.明细
    金额 (d.数量 - 每日上限) × (d.金额 / d.数量)
    提示 "{d.键} 计费 {d.数量}（每日上限 {每日上限}）"
    依据 k.限定条件` }],
    ['药品限医疗机构级别', 'GZ10000101012000', '药品政策限定类', '明确违规', { body: `
  令 最低级别 = 转机构等级(提取文本(k.限定条件, 「限([一二三])级(?:及以上|以上)」))
  仅当 有值(最低级别)
  对每条 明细 m 属于 k.编码
    当 就诊.机构等级 < 最低级别
    违规 m
    提示 "「{m.名称}」限{最低级别}及以上医疗机构使用，本机构为{就诊.机构等级}"
    依据 k.限定条件` }],
    ['药品限就医方式', 'ZS2025013', '药品政策限定类', '明确违规', { body: `
  令 允许就医 = {
    若 k.限定条件 匹配 「住院」 则 住院 否则 空,
    若 k.限定条件 匹配 「急诊」 则 急诊 否则 空,
    若 k.限定条件 匹配 「门诊」 则 门诊 否则 空
  }
  仅当 计数(允许就医) > 0
  对每条 明细 m 属于 k.编码
    当 就诊.就医类别 不属于 允许就医
    违规 m
    提示 "「{m.名称}」限{允许就医}使用，本次为{就诊.就医类别}"
    依据 k.限定条件` }],
    ['中药饮片单复方均不予支付', 'GZ10000101003000', '药品政策限定类', '明确违规', { body: `
  对每条 明细 m 属于 k.编码
    违规 m
    提示 "「{m.名称}」单复方均不予支付"
    依据 k.限定条件` }],
    ['中药饮片单方使用不予支付', 'GZ10000101004000', '药品政策限定类', '明确违规', { body: `
  对每条 明细 m 属于 k.编码
    令 同方饮片 = 明细 其中 处方号 = m.处方号 且 项目类别 = 中药饮片
    当 全部(同方饮片, 编码 属于 k.编码)
    违规 m
    提示 "「{m.名称}」单方使用不予支付"
    依据 k.限定条件` }],
    ['超互联网医院药品支付范围', 'ZS2025047', '药品监管类', '明确违规', { applies: '互联网医院', body: `
  对每条 明细 m 属于 k.编码
    违规 m
    提示 "互联网医院开具了「{m.名称}」"
    依据 k.限定条件` }],
    ['手术项目未按规定折价收费', 'GZ10000102002000', '医疗服务项目政策限定类', '高度可疑', { params: ['折价比例 = 50%'], body: `
  对每条 明细 m 属于 k.编码 其中 有值(m.限价)
    令 在先手术 = 明细 其中 编码 ≠ m.编码 且 日期 = m.日期 且 项目类别 = 医疗服务项目 且 有值(限价) 且 限价 >= m.限价
    当 存在(在先手术) 且 m.单价 > m.限价 × 折价比例
    违规 m
    金额 (m.单价 - m.限价 × 折价比例) × m.数量
    涉及 在先手术
    提示 "「{m.名称}」同日另有手术，应折价收费"
    依据 k.限定条件` }],
    ['医疗服务项目周期超频次', 'ZS2025031', '医疗服务项目政策限定类', '高度可疑', { body: `
  令 间隔天数 = 提取数值(k.限定条件, 「不短于(\\d+)天」)
  令 最短间隔 = 若 有值(间隔天数) 则 间隔天数 × 1天 否则 若 k.限定条件 匹配 「每周」 则 7天 否则 14天
  对每条 明细 m 属于 k.编码
    令 间隔内 = 全部明细 其中 编码 属于 k.编码 且 序号 < m.序号 且 m.日期 - 日期 < 最短间隔
    当 存在(间隔内)
    违规 m
    涉及 间隔内
    提示 "「{m.名称}」距上次不足 {最短间隔}"
    依据 k.限定条件` }],
    ['医疗服务项目限年龄', 'ZS2025029', '医疗服务项目政策限定类', '明确违规', { params: ['年龄下限 = 16岁', '年龄上限 = 60岁'], body: `
  对每条 明细 m 属于 k.编码
    当 患者.年龄 < 年龄下限 或 患者.年龄 >= 年龄上限
    违规 m
    提示 "「{m.名称}」限 {年龄下限}–{年龄上限}，患者 {患者.年龄}"
    依据 k.限定条件` }]
];

const TEMPLATES = `
/** 使用者性别与知识点限定的性别不符（性别从名称与限定条件推出）。 */
模板 性别不符 "使用者性别与限定性别不符" {
  知识点 k
  令 文本 = k.名称 + "：" + k.限定条件
  令 男性词 = 文本 匹配 「男性|男子|男用|前列腺|睾丸|阴茎|阴囊|精索|精囊|附睾|勃起|阳痿|早泄|精子|雄激素」
  令 女性词 = 文本 匹配 「女性|妇女|育龄|女用|子宫|卵巢|月经|痛经|闭经|阴道|外阴|宫颈|妊娠|孕|产后|分娩|哺乳|绝经|更年期|盆腔|输卵管|妇科|胎|乳汁|流产|雌激素」
  令 限定性别 = 若 男性词 且 非 女性词 则 男 否则 若 女性词 且 非 男性词 则 女 否则 空
  仅当 有值(限定性别)
  依据 k.限定条件

  对每条 明细 m 属于 k.编码
    当 患者.性别 ≠ 限定性别
    违规 m
    提示 "「{m.名称}」限{限定性别}性使用，患者为{患者.性别}性"
}

/** 儿童专用 / 限儿童使用：计费时患者已达儿童年龄上限。 */
模板 超出儿童年龄 "患者年龄超出儿童年龄限制" {
  参数 儿童年龄上限 = 18岁 「儿童年龄上限」
  知识点 k
  依据 k.限定条件

  对每条 明细 m 属于 k.编码
    当 患者.年龄 >= 儿童年龄上限
    违规 m
    提示 "「{m.名称}」限儿童使用，患者 {患者.年龄}"
}

/** 支付疗程：限定条件中的“支付不超过N天”，本次与历史明细中该项目的不同计费日期数超过上限。 */
模板 超支付疗程 "用药（治疗）天数超过支付疗程" {
  知识点 k
  令 上限天数 = 提取数值(k.限定条件, 「(?:支付不超过|最多支付|累计不超过)(\\d+)天」)
  仅当 有值(上限天数)
  依据 k.限定条件

  对每条 明细 m 属于 k.编码
    令 此前 = 全部明细 其中 编码 属于 k.编码 且 日期 <= m.日期
    令 使用天数 = 去重计数(此前, 日期) × 1天
    当 使用天数 > 上限天数 × 1天
    违规 m
    涉及 此前
    提示 "「{m.名称}」已使用 {使用天数}，超过支付疗程"
}

/** 限适应症 / 限二线：本次诊断编码都不属于适应症编码族（轻度可疑）。 */
模板 缺少适应症诊断 "诊断中找不到限定的适应症" {
  知识点 k
  令 适应症 = 适应症编码(k.限定条件)
  仅当 计数(适应症) > 0
  依据 k.限定条件

  令 诊断相符 = 存在(诊断, 符合适应症(编码, 名称, 适应症))
  对每条 明细 m 属于 k.编码
    当 非 诊断相符
    违规 m
    提示 "「{m.名称}」限定适应症，本次诊断中没有属于 {适应症} 的编码"
}

/** 限工伤 / 生育保险：基本医保险种使用。 */
模板 限特定险种 "限定险种的项目由基本医保支付" {
  知识点 k
  依据 k.限定条件

  对每条 明细 m 属于 k.编码
    当 就诊.险种类别 属于 { 职工医保, 居民医保 }
    违规 m
    提示 "「{m.名称}」限定险种，本次为{就诊.险种类别}"
}
`;

/** 全国知识点规则：每个规则类一条规则（套用模板或内联模板规则）。classes 给出时只生成这些类。 */
export function nationalTemplates(classes) {
    const out = ['// 基准：全国知识点规则（每个规则类一条，自动生成）', TEMPLATES];
    for (const [cls, id, category, level, spec] of CLASS_RULES) {
        if (classes && !classes.has(cls)) continue;
        const lines = [
            `规则 ${id} "${cls}" {`,
            `  分类 ${category}`,
            `  级别 ${level}`,
            `  环节 ${ALL_PHASES}`,
            ...(spec.applies ? [`  适用 ${spec.applies}`] : []),
            `  依据 「两库：${cls}」`
        ];
        for (const p of spec.params ?? []) lines.push(`  参数 ${p}`);
        if (spec.template) {
            lines.push(`  套用 ${spec.template} 于 "${cls}"`);
        } else {
            lines.push('', `  知识点 k 来自 "${cls}"`);
            lines.push(...spec.body.replace(/^\n/, '').split('\n'));
        }
        lines.push('}', '');
        out.push(lines.join('\n'));
    }
    return out.join('\n');
}

export const NATIONAL_CLASSES = CLASS_RULES.map(c => c[0]);

/** 全部有效知识点，按固定种子洗牌（同一种子、同一知识库 → 同一顺序）。 */
export function shuffledPoints(kb, seed) {
    const all = [];
    for (const cls of [...kb.kpTables.keys()].sort()) all.push(...kb.kpTables.get(cls));
    return random(seed ^ 0x4b50).shuffle(all);
}

/**
 * 知识库视图：知识点表只含 n 个知识点（其余数据与原知识库相同）。返回 { kb, real, synthetic, byClass }。
 */
export function kbWithPoints(kb, n, seed) {
    const order = shuffledPoints(kb, seed);
    const chosen = order.slice(0, Math.min(n, order.length));
    let synthetic = 0;
    if (n > order.length) {
        const r = random(seed ^ 0x5359);
        const byClass = new Map();
        for (const kp of order) {
            if (!byClass.has(kp.rule_class)) byClass.set(kp.rule_class, []);
            byClass.get(kp.rule_class).push(kp);
        }
        for (let j = 0; chosen.length < n; j++) {
            const base = order[j % order.length];
            const peers = byClass.get(base.rule_class);
            const donor = peers[r.int(0, peers.length - 1)];
            const codes = base.rule_class === '医疗服务项目重复收费'
                ? [base.med_codes[0], ...donor.med_codes.slice(1).filter(c => c !== base.med_codes[0])]
                : donor.med_codes;
            if (codes.length < (base.rule_class === '医疗服务项目重复收费' ? 2 : 1)) continue;
            chosen.push({ ...base, kp_id: `${base.kp_id}-S${j}`, med_codes: codes });
            synthetic++;
        }
    }
    const kpTables = new Map();
    for (const cls of kb.kpTables.keys()) kpTables.set(cls, []);
    for (const kp of chosen) kpTables.get(kp.rule_class).push(kp);
    const byClass = Object.fromEntries([...kpTables].map(([k, v]) => [k, v.length]));
    return { kb: { ...kb, id: `${kb.id}-kp${n}`, kpTables }, real: chosen.length - synthetic, synthetic, byClass };
}

/** 知识点编码的列表（按固定种子洗牌）：不同规则从这里均匀取编码。 */
export function pointCodes(kb, seed) {
    const set = new Set();
    for (const table of kb.kpTables.values()) for (const kp of table) for (const c of kp.med_codes) set.add(c);
    return random(seed ^ 0xc0de).shuffle([...set].sort());
}

const SHAPES = 7;

/** 第 i 条不同规则（约 10 行）。 */
function distinctRule(i, r, codes) {
    const id = `BR${String(i + 1).padStart(5, '0')}`;
    const k = r.int(1, 3);
    const set = [];
    for (let j = 0; j < k; j++) set.push(JSON.stringify(r.pick(codes)));
    const literal = `{ ${[...new Set(set)].join(', ')} }`;
    const head = [
        `/** 基准规则 ${i + 1}（自动生成） */`,
        `规则 ${id} "基准规则${i + 1}" {`,
        `  分类 药品政策限定类`,
        `  级别 ${['明确违规', '高度可疑', '轻度可疑', '提醒'][i % 4]}`,
        `  环节 ${ALL_PHASES}`,
        `  依据 「基准：生成的第 ${i + 1} 条规则」`,
        ''
    ];
    let body;
    switch (i % SHAPES) {
        case 0: body = [
            `  对每条 明细 m 属于 ${literal}`,
            `    当 m.数量 > ${r.int(2, 5)}`,
            `    违规 m`,
            `    提示 "「{m.名称}」数量 {m.数量} 过多"`]; break;
        case 1: body = [
            `  对每条 明细 m 属于 ${literal}`,
            `    当 患者.年龄 >= ${r.int(14, 18)}岁`,
            `    违规 m`,
            `    提示 "「{m.名称}」限儿童，患者 {患者.年龄}"`]; break;
        case 2: body = [
            `  对每条 明细 m 属于 ${literal}`,
            `    当 患者.性别 = ${r.chance(0.5) ? '男' : '女'}`,
            `    违规 m`,
            `    提示 "「{m.名称}」与性别不符"`]; break;
        case 3: body = [
            `  对每条 明细 m 属于 ${literal}`,
            `    令 同日 = 明细 其中 编码 = ${JSON.stringify(r.pick(codes))} 且 日期 = m.日期`,
            `    当 存在(同日)`,
            `    违规 m`,
            `    涉及 同日`,
            `    提示 "「{m.名称}」同日重复收费"`]; break;
        case 4: body = [
            `  对每日 明细 d 属于 ${literal}`,
            `    当 d.数量 > 1`,
            `    违规 d.明细`,
            `    金额 (d.数量 - 1) × d.首条.单价`,
            `    提示 "{d.键} 计费 {d.数量}"`]; break;
        case 5: body = [
            `  对每条 明细 m 属于 ${literal}`,
            `    当 就诊.机构等级 < ${r.chance(0.5) ? '二级' : '三级'}`,
            `    违规 m`,
            `    提示 "「{m.名称}」限{就诊.机构等级}以上机构"`]; break;
        default: body = [
            `  对每条 明细 m 属于 ${literal}`,
            `    当 就诊.就医类别 = 门诊 且 m.金额 > ${r.int(50, 500)}元`,
            `    违规 m`,
            `    提示 "「{m.名称}」门诊金额 {m.金额} 过高"`];
    }
    return [...head, ...body, '}', ''].join('\n');
}

/** n 条不同规则。 */
export function distinctRules(codes, n, seed) {
    const r = random(seed ^ 0xd157);
    const out = [`// 基准：${n} 条互不相同的规则（自动生成）`, ''];
    for (let i = 0; i < n; i++) out.push(distinctRule(i, r, codes));
    return out.join('\n');
}

/** 至少 minLines 行的规则文件：全国模板 + 不同规则。返回 { text, lines, rules }。 */
export function checkSource(codes, minLines, seed) {
    const r = random(seed ^ 0xc4ec);
    const parts = [nationalTemplates()];
    let lines = parts[0].split('\n').length;
    let i = 0;
    while (lines < minLines) {
        const rule = distinctRule(i++, r, codes);
        parts.push(rule);
        lines += rule.split('\n').length;
    }
    const text = parts.join('\n');
    return { text, lines: text.split('\n').length, rules: CLASS_RULES.length + i };
}
