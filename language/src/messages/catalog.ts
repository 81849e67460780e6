/**
 * 诊断信息目录：稳定编码 → 中文信息 + 修改建议。所有诊断都从这里生成，编码一经发布不再改变含义。
 * ZS 语言（校验），ZC 编译（compiler/src/diagnostics.ts 经 formatMessage 生成）。运行时的输入错误 ZR 在运行时的
 * 目录 runtime/src/contract/errors.ts（运行时没有依赖，不引用这里），本目录转列它们（INPUT_ERROR_MESSAGES，见文件末尾）。
 * 文风：先说哪里错了（引用用户写的内容用「」），再说怎么改；不写“非法”“异常”这类空话。
 * 占位符 {名} 由调用方填入。
 */
import { INPUT_ERRORS } from '@zhishen/runtime';
import type { InputErrorCode } from '@zhishen/runtime';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface MessageSpec {
    severity: Severity;
    /** 一句话标题（用于文档与 --format json 的 title） */
    title: string;
    message: string;
    hint?: string;
}

export const MESSAGES = {
    // ── ZS00xx 词法与语法 ──
    ZS0001: { severity: 'error', title: '无法识别的字符', message: '无法识别的字符「{text}」', hint: '删除它，或检查是否误用了全角符号；字符串请用 "…" 或 「…」 括起来' },
    ZS0002: { severity: 'error', title: '语法错误', message: '此处不应出现「{found}」{expected}', hint: '{hint}' },
    ZS0003: { severity: 'error', title: '不完整', message: '规则在此处不完整：缺少{expected}', hint: '补全后再继续；可以参考同文件中其他规则的写法' },
    ZS0005: { severity: 'error', title: '嵌套过深', message: '表达式嵌套过深（括号、若…则…否则、运算符连写的估计深度超过 {limit}），从这里到本子句末尾没有解析', hint: '用 令 给中间结果起名，把长的条件拆成几个 当 子句，或去掉多余的括号（约 40 层括号，或一个表达式里约 400 个运算符）' },
    ZS0004: { severity: 'error', title: '关键字与名称连写', message: '「{text}」里连写了关键字「{keyword}」', hint: '关键字与名称之间需要空格，例如「{fixed}」' },

    // ── ZS01xx 名称 ──
    ZS0101: { severity: 'error', title: '未知名称', message: '未知名称「{name}」', hint: '{suggestion}' },
    ZS0102: { severity: 'error', title: '未知字段', message: '「{type}」没有字段「{name}」', hint: '{suggestion}' },
    ZS0103: { severity: 'error', title: '未知规则', message: '没有编号为「{name}」的规则', hint: '{suggestion}' },
    ZS0104: { severity: 'error', title: '未知模板', message: '没有名为「{name}」的模板', hint: '{suggestion}' },
    ZS0105: { severity: 'error', title: '未知取值', message: '「{name}」不是{what}的可选值', hint: '可选：{options}' },
    ZS0106: { severity: 'error', title: '未知参数', message: '没有名为「{name}」的参数', hint: '{suggestion}' },
    ZS0110: { severity: 'error', title: '重复名称', message: '「{name}」在{where}中重复定义', hint: '改用另一个名称，或删除其中一个' },
    ZS0111: { severity: 'error', title: '规则编号重复', message: '规则编号「{name}」已在 {other} 中使用', hint: '每条规则的编号在整个规则集中必须唯一；本地规则可加地区前缀' },
    ZS0112: { severity: 'error', title: '全局名称重复', message: '{what}「{name}」已在 {other} 中定义', hint: '全局名称（代码集、模板、顶层参数）在整个规则集中必须唯一' },
    ZS0113: { severity: 'warning', title: '遮蔽内置名称', message: '「{name}」与内置名称同名，规则中将无法再引用内置的「{name}」', hint: '换一个名称' },

    // ── ZS02xx 规则结构 ──
    ZS0201: { severity: 'error', title: '缺少级别', message: '规则「{name}」缺少 级别', hint: '加上一行：级别 明确违规（或 高度可疑 / 轻度可疑 / 提醒）' },
    ZS0202: { severity: 'error', title: '缺少环节', message: '规则「{name}」缺少 环节', hint: '加上一行：环节 事前, 事中, 事后' },
    ZS0203: { severity: 'warning', title: '缺少分类', message: '规则「{name}」缺少 分类', hint: '写明两库规则分类，例如：分类 药品政策限定类' },
    ZS0204: { severity: 'warning', title: '缺少依据', message: '规则「{name}」缺少 依据', hint: '写明政策依据原文，审核结果会把它输出到 vola_evid，例如：依据 「《医疗保障基金使用监督管理条例》第十五条」' },
    ZS0205: { severity: 'error', title: '仅限内置库', message: '{what} 只能在内置库中声明', hint: '规则文件中请用 代码集、参数、模板 与 规则' },
    ZS0206: { severity: 'error', title: '重复子句', message: '「{clause}」在同一{owner}中只能写一次', hint: '合并为一句，例如：环节 事前, 事中' },
    ZS0207: { severity: 'error', title: '缺少违规', message: '{owner}「{name}」没有 违规 子句，永远不会产生审核结果', hint: '写明违规项，例如：违规 m（逐条明细）或 违规 就诊（整次就诊）' },
    ZS0208: { severity: 'error', title: '多个作用域', message: '一条规则只能有一个 对每… 作用域', hint: '嵌套的判断请用 存在(…)、计数(…)、全部(…) 写在条件里' },
    ZS0209: { severity: 'warning', title: '子句顺序', message: '「{clause}」写在了 {after} 之后', hint: '按 作用域 → 条件 → 结果（违规、金额、涉及、提示）的顺序书写，读起来与政策原文一致' },
    ZS0210: { severity: 'error', title: '缺少知识点表', message: '规则中的 知识点 需要写明来自哪个知识点表', hint: '例如：知识点 k 来自 "药品儿童专用"' },
    ZS0211: { severity: 'error', title: '套用模板', message: '套用模板的规则不能再写 {clause}', hint: '规则逻辑写在模板里；规则中只写元数据、参数覆盖和 套用' },
    ZS0212: { severity: 'error', title: '缺少知识点表', message: '模板「{template}」按知识点逐行适用，但没有指定知识点表', hint: '写成：套用 {template} 于 "知识点表名"' },
    ZS0213: { severity: 'error', title: '仅当只能看知识点与参数', message: '仅当 条件引用了「{name}」，它在编译时还不可知', hint: '仅当 决定哪些知识点行生效，只能引用知识点、参数和由它们推得的 令；对理赔的判断请写在 当 中' },
    ZS0214: { severity: 'error', title: '模板不能有元数据', message: '模板中不能写 {clause}', hint: '级别、环节、分类、依据属于规则；在套用模板的规则中写' },
    ZS0215: { severity: 'error', title: '测试缺少理赔', message: '测试「{name}」没有 理赔', hint: '写 理赔 文件 "样例.json"，或 理赔 { …3101 入参 JSON… }' },
    ZS0216: { severity: 'error', title: '测试缺少期望', message: '测试「{name}」没有 期望', hint: '例如：期望 GZ10000102012000 违规项 "rx2" 金额 30元，或 期望 无违规' },
    ZS0217: { severity: 'warning', title: '样例文件不存在', message: '找不到理赔文件「{file}」', hint: '路径相对于本规则文件所在目录；测试运行时会因此失败' },
    ZS0218: { severity: 'error', title: '场景代码', message: 'trig_scen 场景代码「{code}」不在 1–10 之间', hint: '1–5 为事前（挂号、收费登记、住院登记…），6–10 为事中（结算、预结算、购药划卡）' },
    ZS0219: { severity: 'error', title: '场景与环节不符', message: '场景代码「{code}」属于{actual}，不能写在 {phase} 之后', hint: '事前 1–5，事中 6–10，事后不带场景代码' },
    ZS0220: { severity: 'warning', title: '测试理赔形状', message: '理赔 JSON 缺少「{field}」，不是 3101 入参（input.data）的形状', hint: '3101 入参形如 { "patient_dtos": [ { "patn_id": …, "fsi_encounter_dtos": [ … ] } ] }' },
    ZS0221: { severity: 'error', title: '对每组需要按', message: '对每组 需要用 按 指明分组键', hint: '例如：对每组 明细 g 按 处方号；按日、按小时可直接写 对每日 / 对每小时' },
    ZS0222: { severity: 'error', title: '跨理赔规则需要历史来源', message: '规则「{name}」用到了筛查集合（{what}）里的其他理赔，但没有配置历史来源，不能在 {phases} 运行', hint: '事前提醒与事中审核时只有本次请求（及请求带来的历史就诊），看不到其他患者、其他机构的理赔。改成 环节 事后；或在 zhishen.json 里配置 "历史来源": ["已结算理赔.ndjson"]（zhishen run 启动时载入，每个请求与它们一起求值）；只看本患者的历史请用 历史就诊 / 历史明细' },
    ZS0223: { severity: 'error', title: '只用于统计组规则', message: '{what} 只能用在统计组规则中', hint: '先把筛查集合的就诊分组：对每组 全体就诊 g 按 机构编码，再写 同级 百分位(指标, 90) 按(g.机构等级) 与 指标 …' },
    ZS0224: { severity: 'error', title: '统计组规则没有本次就诊', message: '统计组规则对整个筛查集合求值，没有“本次”的「{name}」', hint: '用统计组的字段，例如 g.明细、g.就诊、g.机构等级；逐张理赔的判断请写成 对每条 / 当 …（读 全体就诊）的规则' },
    ZS0225: { severity: 'warning', title: '未知分类', message: '「{name}」不是两库规则库（2025 年版）的分类', hint: '{suggestion}可写一级分类（政策类 / 管理类 / 医疗类）或二级分类：{options}' },

    // ── ZS03xx 类型与单位 ──
    ZS0301: { severity: 'error', title: '类型不匹配', message: '「{left}」与「{right}」不能用「{op}」比较或组合', hint: '检查两边是否写错了字段；需要时先转换（例如 中文数字(…)）' },
    ZS0302: { severity: 'error', title: '单位不一致', message: '「{left}」与「{right}」单位不同，不能「{op}」', hint: '天 与 岁、金额 与 数量 不能相加减；把两边换成同一种量' },
    ZS0303: { severity: 'error', title: '缺少单位', message: '这里需要{expected}，但写的是不带单位的{type}', hint: '写上单位，例如 {example}' },
    ZS0304: { severity: 'error', title: '编码种类不符', message: '「{leftKind}」不能与「{rightKind}」比较', hint: '明细编码是医保目录编码（药品 / 服务项目 / 耗材 / 饮片），诊断编码请用 诊断 的 编码；检查代码集的种类' },
    ZS0305: { severity: 'error', title: '需要条件', message: '这里需要一个条件（真 / 假），得到的是「{type}」', hint: '写成比较，例如 m.数量 > 1' },
    ZS0306: { severity: 'error', title: '需要集合', message: '「{what}」需要一个集合或列表，得到的是「{type}」', hint: '例如 明细、诊断、历史就诊、代码集，或 { "A", "B" }' },
    ZS0307: { severity: 'error', title: '参数个数', message: '函数「{name}」需要 {expected} 个参数，写了 {actual} 个', hint: '悬停函数名可查看参数说明' },
    ZS0308: { severity: 'error', title: '参数类型', message: '「{name}」的第 {index} 个参数应为「{expected}」，得到「{actual}」', hint: '悬停函数名可查看参数说明' },
    ZS0309: { severity: 'error', title: '不能取字段', message: '「{type}」没有字段可取', hint: '只有 患者、就诊、明细、诊断、手术、知识点 等记录（或它们的列表）可以用 . 取字段' },
    ZS0310: { severity: 'error', title: '不是函数', message: '「{name}」不是函数，不能加括号调用', hint: '去掉括号' },
    ZS0311: { severity: 'error', title: '不支持的运算', message: '不能对「{left}」和「{right}」做「{op}」运算', hint: '金额 × 数量 得金额，金额 ÷ 数量 得单价；金额 × 金额 没有意义' },
    ZS0312: { severity: 'error', title: '违规对象', message: '违规 的对象应为 明细、明细列表、就诊、诊断、手术 或 统计组，得到「{type}」', hint: '逐条明细的规则写 违规 m；整次就诊写 违规 就诊；机构 / 医师级的统计规则写 违规 g' },
    ZS0313: { severity: 'error', title: '金额类型', message: '金额 需要「金额」类型，得到「{type}」', hint: '例如 金额 m.金额，或 金额 (m.数量 - 上限) × m.单价' },
    ZS0314: { severity: 'error', title: '依据类型', message: '依据 需要文本，得到「{type}」', hint: '例如 依据 k.限定条件，或 依据 「政策原文」' },
    ZS0315: { severity: 'error', title: '参数默认值', message: '参数「{name}」的默认值必须是常量', hint: '写字面量（如 18岁、15天、100元、{ "A", "B" }），不能引用理赔数据' },
    ZS0316: { severity: 'error', title: '枚举不加引号', message: '「{left}」与「{right}」不能比较', hint: '枚举值直接写名称、不加引号，可选：{members}' },
    ZS0317: { severity: 'error', title: '集合元素类型', message: '集合中混有「{first}」与「{other}」', hint: '一个集合只放同一种值' },
    ZS0318: { severity: 'error', title: '编码族', message: '前缀（*）和区间（至）只能用于编码，这里是「{type}」', hint: '例如 "XJ01"* 或 "N40" 至 "N51"' },
    ZS0319: { severity: 'error', title: '时间窗', message: '时间窗（近 / 同自然月 / 同医保年度）只能用于 历史就诊、明细、诊断、手术，这里是「{type}」', hint: '例如 历史就诊 近 15天' },
    ZS0320: { severity: 'error', title: '聚合用法', message: '「{name}」用法不对：{detail}', hint: '例如 计数(明细 其中 编码 属于 X)、求和(明细, 金额)、存在(历史就诊, 机构编码 = 就诊.机构编码)' },
    ZS0321: { severity: 'error', title: '函数需要调用', message: '「{name}」是函数，需要加括号调用', hint: '例如 {name}(…)' },
    ZS0322: { severity: 'error', title: '参数类型不符', message: '参数「{name}」声明为「{declared}」，默认值是「{actual}」', hint: '让默认值与声明的类型一致' },
    ZS0323: { severity: 'error', title: '提示插值', message: '提示中的插值无法显示「{type}」', hint: '插入字段或计算结果，例如 {m.名称}' },
    ZS0324: { severity: 'error', title: '循环定义', message: '名称的定义引用了它自身', hint: '检查 令 与 参数 之间的相互引用' },
    ZS0328: { severity: 'error', title: '数字超出范围', message: '数字「{text}」超出可精确表示的范围（{limit}）', hint: '检查是否多写了 0 或写错了单位；金额、数量、数值的绝对值不超过 9007199254.740991' },
    ZS0329: { severity: 'error', title: '数字要舍入', message: '数字「{text}」不能精确表示：{limit}', hint: '按提示减少小数位（运行时的金额、数量、数值精确到 6 位小数，时长精确到分钟，年龄是整岁），否则它会被悄悄舍入' },
    ZS0330: { severity: 'error', title: '日期不存在', message: '日期「{text}」不存在', hint: '检查月份（1–12）、该月的天数（闰年 2 月 29 天）与时间（时 0–23、分与秒 0–59）' },
    ZS0327: { severity: 'error', title: '涉及对象', message: '涉及 的对象应为 明细 或 明细列表，得到「{type}」', hint: '例如 涉及 同日A项目' },

    // ── ZS04xx 知识库 ──
    ZS0401: { severity: 'warning', title: '编码不在目录中', message: '编码「{code}」不在已加载的{catalogue}目录中', hint: '{suggestion}' },
    ZS0402: { severity: 'error', title: '知识点表不存在', message: '知识库中没有知识点表「{name}」', hint: '{suggestion}' },
    ZS0404: { severity: 'error', title: '目录不存在', message: '没有名为「{name}」的目录', hint: '可选：药品、中药饮片、医疗服务项目、医用耗材、诊断、手术' },
    ZS0405: { severity: 'warning', title: '编码种类', message: '编码「{code}」在知识库中是{actual}，而这里需要{expected}', hint: '检查编码是否抄错了目录' },
    ZS0407: { severity: 'error', title: '代码集不存在', message: '知识库中没有代码集「{name}」', hint: '{suggestion}' },

    // ── ZS05xx 规则逻辑 ──
    ZS0501: { severity: 'warning', title: '未使用的参数', message: '参数「{name}」没有被使用', hint: '删除它，或在条件中引用它' },
    ZS0502: { severity: 'warning', title: '条件矛盾', message: '条件永远不成立：{detail}', hint: '检查比较方向与阈值；规则将永远不会触发' },
    ZS0503: { severity: 'warning', title: '未使用的名称', message: '「{name}」定义后没有被使用', hint: '删除这行 令，或在后面的条件中引用它' },
    ZS0504: { severity: 'error', title: '正则表达式无效', message: '正则表达式「{pattern}」无效：{detail}', hint: '正则请写在「」中，反斜杠不需要转义，例如 「支付不超过(\\d+)天」' },
    ZS0505: { severity: 'error', title: '除以零', message: '除数是 0', hint: '检查表达式' },
    ZS0506: { severity: 'warning', title: '条件恒成立', message: '条件总是成立：{detail}', hint: '这个条件可以删除' },
    ZS0507: {
        severity: 'error', title: '正则回溯过慢', message: '正则表达式「{pattern}」中的「{group}」会灾难性回溯（嵌套的无上限量词、重复组里重叠的分支，或多次重复的 .*），遇到不匹配的长文本时一条明细就要几秒到几小时',
        hint: '去掉组内或组外的一个量词，或给出上限，例如把 (\\d+,)+ 写成 (\\d+,){1,10} 或 [\\d,]+；(a|a)* 去掉重复的分支；(.*a){25} 改用字符类 ([^a]*a){25}'
    },
    ZS0508: {
        severity: 'error', title: '正则过大', message: '正则表达式有 {length} 个字符、{groups} 个组，超出上限（{maxLength} 个字符、{maxGroups} 个组）',
        hint: '把它拆成几个条件（或 且 连接），或用代码集、字典代替长长的分支列表'
    },
    ZS0509: {
        severity: 'error', title: '正则用了不支持的写法', message: '正则表达式「{pattern}」用了智审不支持的写法：{feature}',
        hint: '智审的正则按线性时间匹配（不回溯，每条理赔的耗时有上限），不支持反向引用、前瞻 / 后顾断言、\\p{…} 等；请改写，例如把 (?=…) 拆成两个条件用 且 连接'
    },

    // ── ZC00xx 编译：降级（校验之后仍编译不了的写法；多数已被 ZS 校验拦住） ──
    ZC0001: { severity: 'error', title: '表达式不完整', message: '表达式不完整，无法编译', hint: '补全这个表达式（zhishen check 会指出缺少的部分）' },
    ZC0002: { severity: 'error', title: '无法编译的表达式', message: '无法编译的表达式（{what}）', hint: '换一种写法；若确信写法正确，请附上规则源码报告这个问题' },
    ZC0003: { severity: 'error', title: '名称未解析', message: '名称「{name}」没有解析到定义', hint: '先修正 zhishen check 报告的名称错误' },
    ZC0004: { severity: 'error', title: '名称还没有定义', message: '「{name}」在这里还没有定义', hint: '令 与 对每 的名称只能在其后的子句中使用' },
    ZC0005: { severity: 'error', title: '知识点只能取字段', message: '知识点「{name}」只能取字段', hint: '写成 {name}.编码、{name}.限定条件 等' },
    ZC0006: { severity: 'error', title: '内置函数没有实现', message: '内置函数「{name}」（{symbol}）没有运行时实现', hint: '内置库与运行时的运算表不一致：请报告这个问题' },
    ZC0007: { severity: 'error', title: '内置名称没有实现', message: '内置名称「{name}」没有运行时实现', hint: '内置库与运行时的来源表不一致：请报告这个问题' },
    ZC0008: { severity: 'error', title: '参数默认值不是常量', message: '参数「{name}」的默认值不是常量', hint: '写字面量，如 18岁、15天、100元' },
    ZC0009: { severity: 'error', title: '常量放不进规则包', message: '这个常量（{what}）不能放进规则包', hint: '常量只能是数值、文本、日期、代码集或它们的列表' },
    ZC0010: { severity: 'error', title: '分组只能用于明细', message: '按日 / 按小时 / 按键分组只能用于明细（或筛查集合的就诊）', hint: '例如 对每日 明细 d 属于 …；统计组写 对每组 全体就诊 g 按 机构编码' },
    ZC0011: { severity: 'error', title: '元素没有编码', message: '「{what}」的元素没有编码，不能用 属于', hint: '属于 用于明细、诊断、手术的编码' },
    ZC0012: { severity: 'error', title: '时间窗需要日期', message: '时间窗只能用于有日期的记录（就诊、明细、诊断、手术）', hint: '近 N天、同自然月 写在 历史就诊、明细、诊断、手术 这类集合之后' },
    ZC0013: { severity: 'error', title: '不支持的运算', message: '不支持的运算：「{left}」{op}「{right}」', hint: '检查两边的类型与单位' },
    ZC0014: { severity: 'error', title: '违规对象的类型', message: '违规对象的类型（{type}）无法确定', hint: '违规 后写明细、明细列表、就诊、诊断或手术' },
    ZC0015: { severity: 'error', title: '涉及对象的类型', message: '涉及对象的类型（{type}）无法确定', hint: '涉及 后写明细、就诊（或它们的列表）' },
    ZC0017: { severity: 'error', title: '统计组规则的时间窗', message: '统计组规则没有本次入院日期，不能用 {what}', hint: '按月或按医保年度统计时把时间放进分组键，例如 对每组 全体就诊 g 按 机构编码, 月初(入院日期)' },
    ZC0018: { severity: 'error', title: '统计组的来源', message: '统计组只能由筛查集合的就诊直接分组', hint: '写成 对每组 全体就诊 g 按 …，筛选条件写在 其中 之后' },
    ZC0016: { severity: 'error', title: '适用范围没有字段', message: '适用范围「{dimension}」在就诊记录上没有对应的字段', hint: '内置库的就诊记录缺少该枚举类型的字段：请报告这个问题' },

    // ── ZC01xx 编译：知识库 ──
    ZC0101: { severity: 'error', title: '没有加载知识库', message: '规则「{rule}」适用于知识点表「{table}」，但没有加载知识库', hint: '用 --kb <目录> 指定知识库（或在 zhishen.json 中写 kb）' },
    ZC0102: { severity: 'error', title: '没有这个知识点表', message: '知识库中没有知识点表「{table}」', hint: 'zhishen kb info 可列出全部知识点表' },
    ZC0103: { severity: 'error', title: '知识库函数只能在编译时', message: '规则「{rule}」在求值时用到知识库函数（知识点表 / 目录 / 知识库代码集），它们只能在编译时求值', hint: '用 知识点 k 来自 "表名" 逐行套用知识点，或把知识库函数的结果写成只依赖常量的代码集' },

    // ── ZC02xx 编译：部署配置 ──
    ZC0201: { severity: 'error', title: '部署配置有误', message: '部署配置：{detail}', hint: '按提示改正部署配置文件（--config 或 zhishen.json 的 config）' },

    // ── ZC03xx 编译：SQL 后端 ──
    ZC0301: { severity: 'warning', title: '规则不能在 SQL 后端运行', message: '规则「{rule}」不能降到 SQL（理赔库上的筛查不运行它）：{reason}', hint: '用 JS 规则包筛查这条规则（zhishen run），或改写成 SQL 后端支持的构造（见 compiler/src/backends/sql/README.md）' }
} as const satisfies Record<string, MessageSpec>;

export type MessageCode = keyof typeof MESSAGES;

export interface FormattedMessage {
    code: MessageCode;
    severity: Severity;
    message: string;
    hint?: string;
}

export function formatMessage(code: MessageCode, args: Record<string, string | number | undefined> = {}): FormattedMessage {
    const spec: MessageSpec = MESSAGES[code];
    const fill = (template: string) => template.replace(/\{([^{}]+)\}/g, (whole, key: string) => {
        const value = args[key];
        return value === undefined ? (key in args ? '' : whole) : String(value);
    });
    const hint = spec.hint ? fill(spec.hint).trim() : undefined;
    return { code, severity: spec.severity, message: fill(spec.message), hint: hint || undefined };
}

export function isMessageCode(code: string): code is MessageCode {
    return Object.prototype.hasOwnProperty.call(MESSAGES, code);
}

/**
 * 运行时的输入错误（ZR：理赔或 NDJSON 行不能按它写的内容审核），转列自契约 runtime/src/contract/errors.ts。
 * 具体信息（字段、值、怎么改）由产生处填写；这里是各类的标题，给文档与 --format json 的 title 用。
 */
export const INPUT_ERROR_MESSAGES: Readonly<Record<InputErrorCode, MessageSpec>> = Object.fromEntries(
    (Object.entries(INPUT_ERRORS) as Array<[InputErrorCode, string]>).map(([code, title]) => [code, { severity: 'error', title, message: title }])
) as Record<InputErrorCode, MessageSpec>;
