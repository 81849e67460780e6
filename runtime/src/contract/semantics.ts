/**
 * 契约 · 语义：每个后端（JS 规则包与参照解释器经 engine/，SQL 后端经生成的 SQL）都必须给出同样结果的那些规定。
 * 差分测试（tests/differential、tests/eval）对同一输入比对逐字节相同的输出；这里是它们比对的“规格”，实现各自一份。
 *
 * ── 规范化（3101/3102 入参 → 规范化理赔，实现：claim/normalize.ts）────────────────────────────────────────────
 * N1 本次与历史：curr_mdtrt_id 指向的就诊是本次（只有一次就诊时可省略），其余是历史就诊，按入院日期（同日按输入位置）排序。
 * N2 计费时间 fee_time = fee_ocur_time，缺失取 drord_begn_date，再缺失取本次入院时间；fee_date 是它的日期，fee_hour 截到整点。
 * N3 退费冲销：cnt < 0（或 cnt = 0 且 sumamt < 0）的明细是退费；冲销规则见 normalize.ts 文件头。冲销后净数量 ≤ 0 的原明细与
 *    退费本身不参与审核；cnt / sumamt 为净值，raw_cnt / raw_sumamt 为原值。
 * N4 序号 seq：本次与历史全部明细按计费时间排序（同时刻历史在前，再按输入位置），从 1 编号。
 * N5 住院天数 los = max(1, 出院日期 − 入院日期) 天；出院日期缺失为空。年龄 age = 本次入院日期（缺失取首条明细计费日期）时的周岁。
 * N6 字典归类（性别、就医类别、机构等级、险种、机构类别、项目类别）：代码缺失为空；未登记的代码取字典的 fallback（没有则为空）。
 *    性别只有 男 / 女，其余为空。
 * N7 处方 prescriptions：本次明细按 rxno 分组（保持首次出现顺序）；rxno 为空的明细各成一组。
 *
 * ── 求值（实现：engine/engine.ts 驱动各后端的 RuleProgram）──────────────────────────────────────────────────────
 * E1 规则是否运行：启用、rule_ids、环节（trig_scen 1–5 事前、6–10 事中；或引擎选项）、写明的场景代码、适用范围。
 * E2 作用域元素：来源的全部元素（属于 的代码集匹配元素的编码属性，records.ts），再经 其中 过滤；分组按键（日期、小时、键）
 *    保持首次出现顺序，键为空的元素各成一组。键按值比较（normalize.ts groupKeyOf）：集合 / 列表按去重排序后的元素（空集合为空），
 *    多个键按各分量（都为空时为空），记录按同一条记录。多个键时分组的 键 为各键按显示类型（ScopeSpec.keys）写出、以「、」连接的文本。
 * E3 三值逻辑：条件只有为真才成立（ops.ts）。
 *
 * ── 结果组装（实现：engine/findings.ts）────────────────────────────────────────────────────────────────────────────
 * F1 违规项只含本次就诊、本次计费（curr_drord_flag ≠ 0）的明细；选中的其余明细作为涉及项。违规种类是明细而一条违规项都没有时，
 *    不产生结果。
 * F2 金额：没写 金额 时为违规明细净金额之和；写了 金额 时总额按它，从最后一条违规明细往前分摊（每条至多其净金额，余额记在
 *    最后一条）；各明细金额 = 累计额按分四舍五入后逐条相减，合计恰为总额（到分）。总额为正时分到 0 的明细改为涉及项；总额为 0
 *    表示只提示不扣款。总额为负或无法计算：金额 0、vola_amt_stas = "0"。
 * F3 明细次序：违规项（按序号）、涉及明细（被改为涉及的、涉及子句的，按序号去重）、涉及就诊（按出现顺序、去重）；jrd_id = jr_id-序号。
 * F4 依据：规则的静态依据 + 命中时的依据文本，去掉空的与重复的，以「；」连接。提示为空时用默认提示（defaultMessage）。
 * F5 jr_id = fnv1a64(jrIdInput(…))（下面的函数）：规则包 id、规则、知识点、患者、本次就诊、违规对象的键。
 * （解释：作用域子句的源码 scope，含 属于 与 其中；参数按生效值显示，部署配置覆盖的带上源码默认值的单位。）
 * F6 同一 jr_id 只保留第一条；结果按 患者在请求中的位置、规则在包中的位置、实例、违规明细最小序号 稳定排序。
 * F7 按知识点合并（部署配置「按知识点合并」列出的规则，"*" 为全部）：同一患者、同一规则、同一实例（知识点行；非模板规则只有
 *    一个实例）的结果合成一条，位置取第一条的：违规项为各条违规项的并集（同一明细金额相加），涉及项、依据同理取并集；
 *    金额为各条之和；违规对象的键为 K（targetKey.merged）；提示为第一条的提示加「（同一知识点本次就诊共 N 条，已合并）」；
 *    zhishen.merged = N；解释取第一条的。
 * F8 金额去重：一条明细在一个患者全部结果中的违规金额之和不超过它的净金额（按分）。分配次序：级别（明确违规 → 高度可疑 →
 *    轻度可疑 → 提醒）、规则在包中的位置、jr_id（字符串序）；每条结果的每个违规项依次取 min(本规则给它的金额, 该明细的剩余额度)。
 *    违规项的 vola_amt 为取到的金额（可为 0，仍是违规项），有违规项的结果 vola_amt 为其违规项之和；减少了时去重前的金额写在
 *    zhishen.rule_amt。没有违规项的结果（诊断、手术、就诊级）不参与分配。输出次序仍按 F6。
 * F9 只舍入一次：乘、除与多于 6 位小数的输入舍到 micro（半数远离零）；不精确的结果若恰好落在分或整数的半数点上（|q| mod 10000 = 5000
 *    或 |q| mod 1000000 = 500000），改取朝精确值一侧的相邻 micro（values/decimal.ts divideMicro，SQL 宏 zs_rdiv_micro），于是之后舍到分（金额输出）或整数（整数量）与对精确值
 *    只舍入一次相同（1.5 × 10.003333 = 15.0049995 元 → 15.00，不是 15.005 → 15.01）；整数量 ÷ 数值直接舍到整数。
 *
 * ── 筛查集合（事后全量筛查，实现：engine/population.ts、engine/screening.ts）───────────────────────────────────────
 * P1 筛查集合 = 被筛查的每张理赔（请求中的每个患者）的本次就诊及其明细，按就诊号去重（先到者留），按载入顺序；历史就诊不进入。
 *    给了筛查期间时只收本次入院日期（缺失取出院日期）在期间内的理赔。单个请求审核（zhishen run、服务）时集合就是该请求。
 * P2 全体就诊 / 全体明细 上的 其中 与 filter 相同；dispatch 阶段把“属性 = 不依赖元素的值”（或 相交）这一合取项改写为
 *    lookup（按属性取，保持集合顺序），其余合取项仍是 filter——结果与不改写完全相同。
 * P3 统计组：对每组 全体就诊 g 按 键… 其中 …：先按 其中 过滤就诊，再按键分组（保持首次出现顺序，键为空的就诊各成一组）。
 *    次数 claim_count = 组内就诊数；金额 sumamt = 组内明细净金额合计；机构属性取组内第一次就诊的。
 * P4 同级统计 同级 百分位 / 均值 / 标准差 / 组数（值, 参数）按（键…）至少 n：见 population.ts 的 peerStatistic。
 * P5 统计组结果：jr_id 的 patn_id 为患者级结果的患者（否则空串），mdtrt_id 为空串，违规对象键 G:键；组内就诊都是涉及项；
 *    按规则在包中的位置、实例、统计组的顺序输出，排在逐张理赔的结果之后。
 * P6 筛查的输出顺序：逐张理赔的结果按载入顺序（每张理赔内按 F6），然后是统计组结果。
 */

/**
 * jr_id 的组成部分：转义反斜杠与分隔符，让不同的组成部分拼不出同一个串（患者「P|M」就诊「X」与患者「P」就诊「M|X」）。
 * 不含这两种字符时原样返回——常见的标识得到的 jr_id 与以前相同。
 */
export function escapePart(text: string, separator: string): string {
    return text.includes('\\') || text.includes(separator) ? text.replace(/\\/g, '\\\\').split(separator).join('\\' + separator) : text;
}

export interface JrIdParts {
    packId: string;
    ruleId: string;
    /** 知识点编号；非模板规则为空串 */
    kpId: string;
    patnId: string;
    mdtrtId: string;
    /** 违规对象的键（targetKey） */
    target: string;
}

/** jr_id 的哈希输入。 */
export function jrIdInput(p: JrIdParts): string {
    return `${escapePart(p.packId, '|')}|${escapePart(p.ruleId, '|')}|${escapePart(p.kpId, '|')}|${escapePart(p.patnId, '|')}|${escapePart(p.mdtrtId, '|')}|${escapePart(p.target, '|')}`;
}

/**
 * 违规对象的键：明细为各违规明细 rx_id 以「,」连接；诊断 D:dise_id:dise_codg；手术 O:setl_list_oprn_id:oprn_code；
 * 就诊 E:mdtrt_id；取不到对象时 E；按知识点合并的结果（F7）为 K。
 */
export const targetKey = {
    lines: (rxIds: readonly string[]): string => rxIds.map(id => escapePart(id, ',')).join(','),
    diagnosis: (diseId: string | null, code: string | null): string => ['D', diseId ?? '', code ?? ''].map(p => escapePart(p, ':')).join(':'),
    operation: (oprnId: string | null, code: string | null): string => ['O', oprnId ?? '', code ?? ''].map(p => escapePart(p, ':')).join(':'),
    encounter: (mdtrtId: string): string => `E:${escapePart(mdtrtId, ':')}`,
    /** 统计组：G:键的 JSON */
    cohort: (keyJson: string): string => `G:${escapePart(keyJson, ':')}`,
    none: (): string => 'E',
    merged: (): string => 'K'
};
