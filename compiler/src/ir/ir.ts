/**
 * 智审 IR：规则包的声明式中间表示。所有后端（生成 JS 的规则包、参照解释器、SQL）都从这里出发。
 *
 * 一条规则 = 元数据 + 参数 + 行槽（模板）+ 适用范围 + 作用域之前的步骤（整次就诊）+ 作用域（对每条 / 对每组）
 *          + 作用域内的步骤 + 结果。知识点模板规则有多个实例（每个生效的知识点行一个），实例之间只差“行值”（row 槽）。
 *
 * 表达式是一个小而封闭的集合，没有命令式语句：
 *   lit      字面量（运行时编码，见 runtime/src/contract/encoding.ts）
 *   codes    常量代码集（规则包常量表的下标）
 *   ref      引用：参数、行槽、局部名称（令 / 对每的绑定名）、来源（本次就诊、明细、历史就诊 …）、编译期的知识点
 *   elem     其中 / 聚合 / 对每 的条件里的隐式元素（有类型；depth 0 是最内层）
 *   field    记录字段；each 为真时对列表逐个取（列表字段展平）
 *   op       运算：名字在契约的运算表里（contract/ops.ts），降级时已按类型决定（金额相乘 times、日期相减 dateDiff …）
 *   filter / agg / window   集合：过滤、聚合、时间窗
 *   lookup   筛查集合中按属性取元素（等值 / 相交连接；dispatch 阶段由 filter 改写而来，SQL 后端降为等值连接）
 *   peer     同级统计：当前统计组的值在同级组（同级键相同的统计组）中的百分位 / 均值 / 标准差 / 组数
 *   if / text               条件值、插值文本
 *   kb       编译期的知识库函数（知识点表、目录、知识库代码集）：只在行槽与常量里出现，fold 之后不留在规则里
 * 结果按违规对象的种类（明细 / 明细列表 / 就诊 / 诊断 / 手术）标注，运行时据此组装 3101 结果。
 * 每个阶段之后 verifyIr（verify.ts）检查结构不变式；printIr（print.ts）给出可读的文本。
 */
import type { AggregateName, CompileTimeFunction, InvolvedKind, OpName, PeerStat, PopulationSource, RecordKind, SourceName, TargetKind } from '@zhishen/runtime';

/** 值的种类（显示与运算方式由它决定）。 */
export type IrKind =
    | 'text' | 'number' | 'quantity' | 'money' | 'duration' | 'age' | 'date' | 'datetime' | 'boolean'
    | 'code' | 'enum' | 'record' | 'list' | 'set' | 'null' | 'any';

export interface IrType {
    kind: IrKind;
    /** record：记录种类（contract/records.ts） */
    record?: RecordKind;
    /** list / set：元素类型；record 为 group 时：分组键的类型 */
    element?: IrType;
    /** enum：枚举名与值的顺序（有序枚举可比较大小） */
    enumName?: string;
    order?: string[];
}

export interface IrSource {
    /** 相对路径（用于消息与 manifest） */
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
}

export type IrRef =
    | { kind: 'param'; name: string }
    /** 知识点实例的行值（知识点字段，或只依赖知识点的 令 预先算好的值） */
    | { kind: 'row'; slot: string }
    /** 令 / 对每 绑定名 */
    | { kind: 'local'; name: string }
    /** 规范化理赔上的来源（contract/records.ts SOURCES） */
    | { kind: 'source'; name: SourceName }
    /** 模板展开时当前的知识点记录（只在行槽里） */
    | { kind: 'kp' };

export type IrExpr =
    | { k: 'lit'; ty: IrType; v: unknown }
    | { k: 'codes'; ty: IrType; id: number }
    | { k: 'ref'; ty: IrType; ref: IrRef }
    | { k: 'elem'; ty: IrType; depth: number }
    | { k: 'field'; ty: IrType; recv: IrExpr; prop: string; each: boolean }
    | { k: 'op'; ty: IrType; op: OpName; args: IrExpr[] }
    | { k: 'filter'; ty: IrType; src: IrExpr; cond: IrExpr }
    /** 聚合；arg 在元素作用域中求值（elem depth 0）；whole：平均值按整数量（时长、年龄）取整 */
    | { k: 'agg'; ty: IrType; fn: AggregateName; src: IrExpr; arg?: IrExpr; whole: boolean }
    /**
     * 时间窗：元素日期（date.prop，缺失取 date.fallback）相对参照日 ref：近 days（时长，含当天），或同自然月 / 同医保年度。
     */
    | { k: 'window'; ty: IrType; src: IrExpr; ref: IrExpr; days?: IrExpr; calendar?: 'month' | 'year'; date: { prop: string; fallback?: string } }
    /**
     * 筛查集合 source 中属性 prop 等于 key（key 是集合 / 列表时：与之相交；元素的 prop 是列表时：任一值）的元素，保持集合顺序。
     * key 在外层求值（不含本节点的元素）。与 filter(@source, eq(e.prop, key)) 或 filter(@source, intersects(e.prop, key)) 结果相同。
     */
    | { k: 'lookup'; ty: IrType; source: PopulationSource; prop: string; key: IrExpr }
    /**
     * 同级统计（只在统计组规则的作用域里）：对作用域的每个统计组 H，把作用域绑定名 binder 换成 H 求 value 与 keys；
     * 同级组 = keys 与当前组相同的其他统计组（不含自己）；统计量 stat（百分位的 arg 为 0–100）；同级组数 < min 时为空。
     * id 在规则内唯一（运行时按它缓存分布）。语义见契约 semantics.ts P4。
     */
    | { k: 'peer'; ty: IrType; stat: PeerStat; id: string; binder: string; value: IrExpr; keys: IrExpr[]; arg?: IrExpr; min?: IrExpr }
    | { k: 'if'; ty: IrType; c: IrExpr; t: IrExpr; e: IrExpr }
    /** 插值文本：片段为字符串或（表达式, 显示类型） */
    | { k: 'text'; ty: IrType; parts: Array<string | { e: IrExpr; display: string }> }
    | { k: 'kb'; ty: IrType; fn: CompileTimeFunction; args: IrExpr[] };

export type IrExprKind = IrExpr['k'];

export interface IrLet {
    kind: 'let';
    name: string;
    expr: IrExpr;
    text: string;
    source: IrSource;
}

export interface IrWhen {
    kind: 'when';
    expr: IrExpr;
    text: string;
    source: IrSource;
    /** 解释时记录其值的子表达式（源码文本、显示类型、表达式） */
    observe: Array<{ text: string; display: string; expr: IrExpr }>;
}

export type IrStep = IrLet | IrWhen;

export interface IrScope {
    kind: 'each' | 'group';
    binder: string;
    /** 来源：内置来源（可分派 / 可直接取），或任意表达式（expr） */
    source: SourceName | 'expr';
    sourceExpr?: IrExpr;
    elementType: IrType;
    /** 属于：代码集（元素的编码属性在其中；编码属性由元素的记录种类决定） */
    codes?: IrExpr;
    /** cohort：筛查集合的就诊按 keys 分成统计组（对每组 全体就诊 g 按 …），规则对整个集合求值一次 */
    group?: 'day' | 'hour' | 'key' | 'cohort';
    keys?: IrExpr[];
    /** cohort：每个键直接读的就诊属性（机构 / 医师 / 科室 / 患者级结果据此写 medins_id、dr_codg …），不是直接读属性的键为 null */
    keyProps?: Array<string | null>;
    where?: IrExpr;
    /** 是否按编码分派（dispatch 阶段决定） */
    dispatch?: boolean;
    /** 作用域子句的源码（对每条 … 属于 … 其中 …），写进解释 */
    text?: string;
}

export interface IrOutcome {
    violation: { expr: IrExpr; kind: TargetKind };
    amount?: IrExpr;
    involved: Array<{ expr: IrExpr; kind: InvolvedKind }>;
    message?: IrExpr;
    evidence: IrExpr[];
    /** 指标 子句（统计组规则）：统计量与对比的同级值，名称为源码文本，display 为显示类型 */
    statistic?: { name: string; value: IrExpr; peerName?: string; peer?: IrExpr; display: string };
}

export interface IrParam {
    name: string;
    type: IrType;
    /** 默认值（encoding.ts 的编码） */
    value: unknown;
    display: string;
    description?: string;
    source: IrSource;
}

export interface IrInstance {
    /** 行槽 → 值（encoding.ts 的编码） */
    row: Record<string, unknown> | null;
    kp?: { kp_id: string; item_name: string; constraint: string };
    /** 作用域 属于 的代码集在本实例中的取值（用于按编码分派） */
    codes?: { codes: string[]; prefixes: string[]; ranges: Array<[string, string]> };
}

export interface IrRule {
    id: string;
    name: string;
    category: string | null;
    level: '明确违规' | '高度可疑' | '轻度可疑' | '提醒';
    phases: Array<'事前' | '事中' | '事后'>;
    scenes: number[];
    /** 适用范围：维度（显示用的中文名）、本次就诊上的属性、允许的枚举值 */
    applies: Array<{ dimension: string; field: string; values: string[] }>;
    /** 规则元数据中的静态依据文本 */
    basis: string;
    notes: string[];
    source: IrSource;
    params: IrParam[];
    template?: string;
    table?: string;
    /** 行槽的计算方式（expand 之前）：知识点字段或行级 令 */
    rowSlots: Array<{ slot: string; expr: IrExpr; type: IrType; text: string }>;
    /** 仅当：按行求值，全部为真的行才生效 */
    onlyIf: Array<{ expr: IrExpr; text: string }>;
    /** 实例（expand 之后）：非模板规则恰有一个 row = null 的实例 */
    instances: IrInstance[];
    inactive: Array<{ kp_id: string; reason: string }>;
    /** 按知识点合并结果（构建时部署配置「按知识点合并」；semantics.ts F7） */
    merge?: boolean;
    pre: IrStep[];
    /** 跨理赔：claims = 逐张理赔求值并读筛查集合；set = 统计组规则（对整个筛查集合一次）。只看本次请求的规则没有 */
    population?: 'claims' | 'set';
    scope?: IrScope;
    steps: IrStep[];
    outcome: IrOutcome;
}

/** 常量代码集（codes 节点按下标引用）。 */
export interface IrCodeSet {
    codes: string[];
    prefixes: string[];
    ranges: Array<[string, string]>;
}

export interface IrPack {
    name: string;
    rules: IrRule[];
    /** 常量代码集表 */
    matchers: IrCodeSet[];
    kb: { name: string; id: string } | null;
    dictionaries: Record<string, { entries: Record<string, string>; fallback?: string }>;
    dictionaryLabels: Record<string, Record<string, string>>;
    diagnosisNames?: Record<string, string>;
    /** 编译时删去的规则与原因 */
    dropped: Array<{ rule: string; reason: string }>;
}

export const TY = {
    text: { kind: 'text' } as IrType,
    number: { kind: 'number' } as IrType,
    quantity: { kind: 'quantity' } as IrType,
    money: { kind: 'money' } as IrType,
    duration: { kind: 'duration' } as IrType,
    age: { kind: 'age' } as IrType,
    date: { kind: 'date' } as IrType,
    datetime: { kind: 'datetime' } as IrType,
    boolean: { kind: 'boolean' } as IrType,
    code: { kind: 'code' } as IrType,
    null: { kind: 'null' } as IrType,
    any: { kind: 'any' } as IrType,
    record: (record: RecordKind): IrType => ({ kind: 'record', record }),
    list: (element: IrType): IrType => ({ kind: 'list', element })
};

/** 显示类型（运行时 formatValue 的 type 参数）。 */
export function displayOf(type: IrType): string {
    switch (type.kind) {
        case 'record': return `record:${type.record ?? ''}`;
        case 'list': return `list:${displayOf(type.element ?? TY.any)}`;
        case 'set': return `set:${displayOf(type.element ?? TY.any)}`;
        case 'code': case 'enum': return 'text';
        default: return type.kind;
    }
}

/** 是否用整数（而非 micro）表示：时长、年龄、日期、日期时间。 */
export function isWholeKind(kind: IrKind): boolean {
    return kind === 'duration' || kind === 'age' || kind === 'date' || kind === 'datetime';
}

/** 构造运算节点。 */
export function op(name: OpName, ty: IrType, ...args: IrExpr[]): IrExpr {
    return { k: 'op', ty, op: name, args };
}
