/**
 * 理赔库的表结构：由契约的记录（runtime/src/contract/records.ts）推出——一列一个属性，列类型由值的编码决定，
 * 编码与规范化理赔完全相同（金额、数量是 micro 整数 BIGINT，日期是天数，日期时间与时长是分钟数），所以 SQL 后端
 * 的运算与 JS 运行时逐位相同，不经过 DOUBLE。
 *
 * 不存的属性：
 *   - 字典归类（category：性别、就医类别、机构等级、险种类别、机构类别、项目类别）与按机构等级取的限价 price_cap——
 *     它们取决于规则包的字典，由 SQL 后端按规则包的字典从代码列算出（N6），同一个库可以用不同知识库的规则包筛查；
 *   - 记录列表（lines、diagnoses …）：是表之间的关系（claim_key、mdtrt_id）。
 *
 * 每张表的第一列是 claim_key：被审核的一个患者（请求内容哈希 + 患者在请求中的位置），同一请求再装一次键不变。
 */
import { RECORDS } from '@zhishen/runtime';
import type { RecordKind, ValueEncoding } from '@zhishen/runtime';

export const SCHEMA_VERSION = '2';

export type ColumnType = 'VARCHAR' | 'BIGINT' | 'INTEGER' | 'BOOLEAN' | 'VARCHAR[]';

export interface Column {
    name: string;
    type: ColumnType;
    /** 规范化记录上的属性（没有的是库自己的列：键、位置） */
    prop?: string;
}

export interface TableSpec {
    name: StoreTable;
    /** 来自哪种记录的属性 */
    record?: RecordKind;
    columns: Column[];
}

export type StoreTable = 'requests' | 'claims' | 'encounters' | 'lines' | 'diagnoses' | 'operations' | 'trace_codes' | 'loads';

/** 装载写入的表（loads 是装载记录，由 store.ts 自己写） */
export type StoredTable = Exclude<StoreTable, 'loads'>;

/** 依赖规则包字典的属性：不存，由 SQL 后端算。 */
export const DICTIONARY_DERIVED: ReadonlySet<string> = new Set(
    Object.values(RECORDS).flatMap(spec => Object.entries(spec.fields).filter(([, enc]) => enc === 'category').map(([name]) => name)).concat(['price_cap'])
);

export function columnType(encoding: ValueEncoding): ColumnType | null {
    switch (encoding) {
        case 'ident': case 'text': case 'code': return 'VARCHAR';
        case 'micro': case 'minute': case 'duration': return 'BIGINT';
        case 'day': case 'whole': return 'INTEGER';
        case 'flag': return 'BOOLEAN';
        case 'texts': return 'VARCHAR[]';
        default: return null; // category（字典归类）、列表、记录、any
    }
}

function recordColumns(kind: RecordKind): Column[] {
    const columns: Column[] = [];
    for (const [prop, encoding] of Object.entries(RECORDS[kind].fields) as Array<[string, ValueEncoding]>) {
        if (DICTIONARY_DERIVED.has(prop)) continue;
        const type = columnType(encoding);
        if (type) columns.push({ name: prop, type, prop });
    }
    return columns;
}

const own = (name: string, type: ColumnType): Column => ({ name, type });

export const TABLES: readonly TableSpec[] = [
    {
        name: 'requests',
        columns: [own('request_key', 'VARCHAR'), own('batch', 'INTEGER'), own('file', 'VARCHAR'), own('line_no', 'BIGINT'), own('task_id', 'VARCHAR'),
            own('syscode', 'VARCHAR'), own('trig_scen', 'VARCHAR'), own('rule_ids', 'VARCHAR[]'), own('patients', 'INTEGER')]
    },
    {
        name: 'claims',
        record: 'patient',
        columns: [own('claim_key', 'VARCHAR'), own('request_key', 'VARCHAR'), own('patient_index', 'INTEGER'), own('curr_mdtrt_id', 'VARCHAR'),
            ...recordColumns('patient'), own('notes', 'VARCHAR[]')]
    },
    {
        // enc_order：0 为本次就诊，1… 为历史就诊在 NClaim.history 中的次序（N1：按入院日期）
        name: 'encounters',
        record: 'encounter',
        columns: [own('claim_key', 'VARCHAR'), own('enc_order', 'INTEGER'), own('enc_index', 'INTEGER'), ...recordColumns('encounter').filter(c => c.name !== 'index')]
    },
    // 明细：冲销退费之后留下的（本次与历史），seq 在患者内唯一（N4）
    { name: 'lines', record: 'line', columns: [own('claim_key', 'VARCHAR'), own('enc_order', 'INTEGER'), ...recordColumns('line')] },
    { name: 'diagnoses', record: 'diagnosis', columns: [own('claim_key', 'VARCHAR'), own('enc_order', 'INTEGER'), own('pos', 'INTEGER'), ...recordColumns('diagnosis')] },
    { name: 'operations', record: 'operation', columns: [own('claim_key', 'VARCHAR'), own('enc_order', 'INTEGER'), own('pos', 'INTEGER'), ...recordColumns('operation')] },
    // 药品追溯码：一码一行（明细的 drug_trac_codg 展开），跨理赔查重复用
    { name: 'trace_codes', columns: [own('claim_key', 'VARCHAR'), own('seq', 'BIGINT'), own('pos', 'INTEGER'), own('code', 'VARCHAR')] },
    // 每次装载一行：读取 = 装入 + 重复 + 拒绝
    {
        name: 'loads',
        columns: [own('batch', 'INTEGER'), own('file', 'VARCHAR'), own('read', 'BIGINT'), own('loaded', 'BIGINT'), own('duplicates', 'BIGINT'),
            own('rejected', 'BIGINT'), own('claims', 'BIGINT'), own('lines', 'BIGINT'), own('ms', 'BIGINT')]
    }
];

export function table(name: StoreTable): TableSpec {
    return TABLES.find(t => t.name === name)!;
}

/** 建表语句（表已在时不动）。 */
export function createStatements(): string[] {
    return [
        'CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)',
        ...TABLES.map(t => `CREATE TABLE IF NOT EXISTS ${t.name} (${t.columns.map(c => `"${c.name}" ${c.type}`).join(', ')})`)
    ];
}
