/**
 * 智审 IR：规则包的声明式中间表示。所有后端（生成 JS 的规则包、参照解释器，将来的 SQL）都从这里出发。
 *
 * 一条规则 = 适用范围 + 作用域之前的步骤（整次就诊）+ 作用域（对每条 / 对每组）+ 作用域内的步骤 + 结果。
 * 知识点模板规则有多个实例（每个生效的知识点行一个），实例之间只差“行值”（row 槽）。
 * 表达式是带类型的树，没有命令式语句：过滤、聚合、时间窗、成员判断都是节点，便于以后降到 SQL（DuckDB / Spark）。
 *
 * 值的表示与运行时一致（runtime/src/values）：数值 / 数量 / 金额为 micro 整数，日期为天数，日期时间与时长为分钟，
 * 年龄为整岁，枚举为枚举值名称，编码为字符串，代码集为常量表中的 CodeMatcher。
 * 每个 pass 之后 checkIr（verify.ts）检查节点的结构不变式。
 */

/** 值的种类（显示与运算方式由它决定）。 */
export type IrKind =
    | 'text' | 'number' | 'quantity' | 'money' | 'duration' | 'age' | 'date' | 'datetime' | 'boolean'
    | 'code' | 'enum' | 'record' | 'list' | 'set' | 'null' | 'any';

export interface IrType {
    kind: IrKind;
    /** record：记录名（明细 / 就诊 / 诊断 / 手术 / 患者 / 分组 / 处方 / 知识点） */
    record?: string;
    /** list / set：元素类型 */
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

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** 算术的运算方式：由两边的类型在降级时决定，后端不再推断。 */
export type ArithMode =
    | 'decimal'      // micro ± micro、micro × micro、micro ÷ micro（数值、数量、金额）
    | 'whole'        // 整数量 ± 整数量（时长、年龄）
    | 'scale'        // 整数量 × micro（时长 × 数值）
    | 'unscale'      // 整数量 ÷ micro
    | 'ratio'        // 整数量 ÷ 整数量 → micro
    | 'date-shift'   // 日期 ± 时长
    | 'date-diff'    // 日期 − 日期 → 时长
    | 'time-shift'   // 日期时间 ± 时长
    | 'time-diff'    // 日期时间 − 日期时间 → 时长
    | 'concat'       // 文本 + 文本
    | 'union' | 'difference';

export type IrExpr =
    | { k: 'lit'; ty: IrType; v: unknown }
    /** 规则包常量表中的代码集 */
    | { k: 'matcher'; ty: IrType; id: number }
    | { k: 'param'; ty: IrType; name: string }
    /** 知识点实例的行值（知识点字段，或只依赖知识点的 令 预先算好的值） */
    | { k: 'row'; ty: IrType; slot: string }
    /** 令 / 对每 绑定名 */
    | { k: 'local'; ty: IrType; name: string }
    /** 其中 / 聚合 / 对每 的条件里的隐式元素；depth 0 是最内层 */
    | { k: 'elem'; ty: IrType; depth: number }
    | { k: 'global'; ty: IrType; name: string }
    /** 字段访问；project 为真时对列表逐个取字段（列表字段展平） */
    | { k: 'field'; ty: IrType; recv: IrExpr; prop: string; project: boolean }
    /** 患者在某日期的周岁 */
    | { k: 'age'; ty: IrType; at: IrExpr }
    | { k: 'call'; ty: IrType; fn: string; args: IrExpr[] }
    | { k: 'arith'; ty: IrType; op: '+' | '-' | '*' | '/'; mode: ArithMode; l: IrExpr; r: IrExpr; swap?: boolean }
    | { k: 'neg'; ty: IrType; e: IrExpr }
    /** 比较；ordinal 为有序枚举的值顺序；widen 表示把日期提升为日期时间（分钟）后比较 */
    | { k: 'cmp'; ty: IrType; op: CompareOp; l: IrExpr; r: IrExpr; ordinal?: string[]; widen?: 'left' | 'right' }
    | { k: 'and' | 'or'; ty: IrType; l: IrExpr; r: IrExpr }
    | { k: 'not'; ty: IrType; e: IrExpr }
    /** 成员：l 属于 r；l 是列表时为“任一元素属于” */
    | { k: 'in'; ty: IrType; negate: boolean; l: IrExpr; r: IrExpr }
    | { k: 'contains'; ty: IrType; negate: boolean; l: IrExpr; r: IrExpr }
    | { k: 'match'; ty: IrType; l: IrExpr; r: IrExpr }
    | { k: 'filter'; ty: IrType; src: IrExpr; cond: IrExpr }
    /** 时间窗：相对本次入院日期的最近 N（时长），或同自然月 / 同医保年度；dateProp 为元素上的日期字段 */
    | { k: 'window'; ty: IrType; src: IrExpr; duration?: IrExpr; calendar?: 'month' | 'year'; dateProp: string }
    /** 聚合；arg 在元素作用域中求值（elem depth 0） */
    | { k: 'agg'; ty: IrType; fn: 'count' | 'sum' | 'max' | 'min' | 'avg' | 'exists' | 'all' | 'count_distinct'; src: IrExpr; arg?: IrExpr; whole: boolean }
    | { k: 'extreme'; ty: IrType; max: boolean; args: IrExpr[] }
    | { k: 'if'; ty: IrType; c: IrExpr; t: IrExpr; e: IrExpr }
    | { k: 'set'; ty: IrType; elems: IrExpr[] }
    | { k: 'index'; ty: IrType; recv: IrExpr; idx: IrExpr }
    /** 插值文本：片段为字符串或（表达式, 显示类型） */
    | { k: 'text'; ty: IrType; parts: Array<string | { e: IrExpr; display: string }> };

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

export type IrScopeSource = 'lines' | 'history_lines' | 'all_lines' | 'diagnoses' | 'operations' | 'history' | 'prescriptions' | 'expr';

export interface IrScope {
    kind: 'each' | 'group';
    binder: string;
    /** 来源：内置集合（可分派 / 可直接取），或任意表达式（expr） */
    source: IrScopeSource;
    sourceExpr?: IrExpr;
    elementType: IrType;
    /** 属于：代码集（元素的 codeField 在其中） */
    codes?: IrExpr;
    codeField?: string;
    group?: 'day' | 'hour' | 'key';
    keys?: IrExpr[];
    where?: IrExpr;
    /** 是否按编码分派（buildDispatch 决定） */
    dispatch?: boolean;
}

export interface IrOutcome {
    violation: IrExpr;
    amount?: IrExpr;
    involved: IrExpr[];
    message?: IrExpr;
    evidence: IrExpr[];
}

export interface IrParam {
    name: string;
    type: IrType;
    /** 默认值（运行时表示） */
    value: unknown;
    display: string;
    description?: string;
    source: IrSource;
}

export interface IrInstance {
    /** 行槽 → 值（运行时表示） */
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
    /** 维度（就医类别 / 机构等级 / 险种类别 / 机构类别）→ 允许的枚举值 */
    applies: Record<string, string[]>;
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
    pre: IrStep[];
    scope?: IrScope;
    steps: IrStep[];
    outcome: IrOutcome;
}

export interface IrPack {
    name: string;
    rules: IrRule[];
    /** 常量代码集（matcher 节点按下标引用） */
    matchers: Array<{ codes: string[]; prefixes: string[]; ranges: Array<[string, string]> }>;
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
    any: { kind: 'any' } as IrType
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

/** 提示与解释里显示一个表达式的方式：直接读出的单价（pric）按实际小数位，其余金额按分。 */
export function displayOfShown(e: IrExpr): string {
    if (e.k === 'field' && e.prop === 'pric' && e.ty.kind === 'money') return 'price';
    return displayOf(e.ty);
}

/** 是否用整数（而非 micro）表示：时长、年龄、日期、日期时间。 */
export function isWholeKind(kind: IrKind): boolean {
    return kind === 'duration' || kind === 'age' || kind === 'date' || kind === 'datetime';
}
