/**
 * 国家格式的入参与出参：报文头（infno、msgid、mdtrtarea_admvs …）+ input.data → infcode、inf_refmsgid、refmsg_time、
 * respond_time、err_msg、output。入参用 JSON Schema 校验（fastify 路由 schema，ajv），校验错误译成点出字段的中文。
 */

/** 交易编号 */
export const TRANSACTIONS = ['3101', '3102', '3103'] as const;
export type Infno = (typeof TRANSACTIONS)[number];

const HEADER_REQUIRED = ['infno', 'msgid', 'mdtrtarea_admvs', 'insuplc_admdvs', 'fixmedins_code', 'inf_time', 'input'];
const text = { type: 'string', minLength: 1, maxLength: 100 };
const optionalText = { type: 'string', maxLength: 200 };

/**
 * 3101 / 3102 的 input.data：只查外形；逐个字段由运行时的规范化校验（中文错误，带路径）。
 * 这里的类型一律列全标量：ajv 开着类型转换（报文头的 infno 等可以是数字），列全了它就不会改 input.data 里的值——
 * 审核的是调用方发来的原值，类型由运行时的规范化校验（与 zhishen run 读同一行得到同一结果）。
 */
const scalar = ['string', 'number', 'boolean', 'null'];

/** 服务的 ajv 选项：报文头的类型转换（infno 等可以是数字）；input.data 里的值不转换（CLAIM_DATA 列全了标量类型）。 */
export const AJV_OPTIONS = { coerceTypes: true, allErrors: false, allowUnionTypes: true } as const;
export const CLAIM_DATA = {
    type: 'object',
    required: ['patient_dtos'],
    properties: {
        syscode: { type: scalar, maxLength: 200 },
        task_id: { type: scalar, maxLength: 200 },
        trig_scen: { type: scalar },
        rule_ids: { type: ['array', ...scalar], items: { type: scalar } },
        patient_dtos: { type: 'array', minItems: 1 }
    }
};

/** 3103 反馈：warn_type，warns[]：warn_rslt_id（= 3101 结果的 jr_id）、dspo_way 1 继续执行（须填 dspo_way_rea）/ 2 返回修改 */
export const FEEDBACK_DATA = {
    type: 'object',
    required: ['warn_type', 'warns'],
    properties: {
        warn_type: { type: 'string', enum: ['1', '2'] },
        warns: {
            type: 'array', minItems: 1, maxItems: 1000,
            items: {
                type: 'object',
                required: ['warn_rslt_id', 'dspo_way'],
                properties: {
                    warn_rslt_id: text,
                    dspo_way: { type: 'string', enum: ['1', '2'] },
                    dspo_way_rea: { type: 'string', maxLength: 2000 }
                },
                if: { properties: { dspo_way: { const: '1' } } },
                then: { required: ['dspo_way_rea'], properties: { dspo_way_rea: { type: 'string', minLength: 1, pattern: '\\S' } } }
            }
        }
    }
};

function header(infno: readonly string[], required: string[]) {
    return {
        type: 'object',
        required,
        properties: {
            infno: { type: 'string', enum: infno },
            msgid: text,
            mdtrtarea_admvs: text,
            insuplc_admdvs: text,
            fixmedins_code: text,
            fixmedins_name: optionalText,
            inf_time: text,
            opter: optionalText,
            opter_name: optionalText,
            opter_type: optionalText,
            infver: optionalText,
            recer_sys_code: optionalText,
            input: { type: 'object', required: ['data'], properties: { data: { type: 'object' }, settled: { type: ['boolean', 'string'] } } }
        }
    };
}

/** 统一入口 callService：infno 决定 input.data 的形状 */
export const CALL_SERVICE_SCHEMA = {
    ...header(TRANSACTIONS, HEADER_REQUIRED),
    if: { properties: { infno: { const: '3103' } } },
    then: { properties: { input: { type: 'object', properties: { data: FEEDBACK_DATA } } } },
    else: { properties: { input: { type: 'object', properties: { data: CLAIM_DATA } } } }
};

/** 快捷入口 /3101、/3102、/3103：同样的报文，infno 可省（给了必须与路径一致） */
export function shortcutSchema(infno: Infno) {
    const schema = header([infno], HEADER_REQUIRED.filter(f => f !== 'infno'));
    const data = infno === '3103' ? FEEDBACK_DATA : CLAIM_DATA;
    return { ...schema, properties: { ...schema.properties, input: { ...schema.properties.input, properties: { ...schema.properties.input.properties, data } } } };
}

export interface Envelope {
    infno?: Infno;
    msgid: string;
    mdtrtarea_admvs: string;
    insuplc_admdvs: string;
    fixmedins_code: string;
    inf_time: string;
    input: { data: Record<string, unknown>; settled?: boolean | string };
}

const TYPE_NAMES: Record<string, string> = { string: '字符串', object: '对象', array: '数组', integer: '整数', number: '数字', boolean: '布尔值', null: '空值' };

/** 字段的补充说明（校验错误点到这些字段时附上） */
const FIELD_HINTS: Record<string, string> = {
    dspo_way_rea: 'dspo_way 为 1（继续执行）时必须写明理由',
    dspo_way: '1 继续执行（须填 dspo_way_rea）、2 返回修改',
    warn_rslt_id: '填 3101 / 3102 结果里的 jr_id',
    infno: '3101 事前分析、3102 事中分析、3103 反馈',
    patient_dtos: '至少一个患者'
};

export interface AjvError {
    instancePath: string;
    keyword: string;
    params: Record<string, unknown>;
    message?: string;
}

/** /input/data/warns/0 → input.data.warns[0] */
function fieldPath(instancePath: string, child?: string): string {
    const parts = instancePath.split('/').slice(1).map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (child !== undefined) parts.push(child);
    let out = '';
    for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : (out ? '.' : '') + p;
    return out || '请求体';
}

/** ajv 的校验错误 → 中文，点出字段。if/then 的汇总错误跳过，用它里面的那条。 */
export function describeValidation(errors: AjvError[]): string {
    const e = errors.find(x => x.keyword !== 'if') ?? errors[0];
    if (!e) return '请求不符合接口要求';
    const field = e.keyword === 'required' ? fieldPath(e.instancePath, String(e.params.missingProperty)) : fieldPath(e.instancePath);
    const last = field.replace(/\[\d+\]$/, '').split('.').pop() ?? '';
    const hint = FIELD_HINTS[last] ? `（${FIELD_HINTS[last]}）` : '';
    switch (e.keyword) {
        case 'required': return `缺少字段 ${field}${hint}`;
        case 'type': {
            if (last === 'rule_ids') return `字段 ${field} 应为字符串数组或以逗号分隔的字符串`;
            const types = ([] as unknown[]).concat(e.params.type).map(t => TYPE_NAMES[String(t)] ?? String(t));
            return `字段 ${field} 应为${types.join('或')}${hint}`;
        }
        case 'enum': return `字段 ${field} 的值无效，可选：${(e.params.allowedValues as unknown[]).join('、')}${hint}`;
        case 'const': return `字段 ${field} 的值应为 ${String(e.params.allowedValue)}${hint}`;
        case 'minLength': case 'pattern': return `字段 ${field} 不能为空${hint}`;
        case 'maxLength': return `字段 ${field} 超过 ${String(e.params.limit)} 个字符`;
        case 'minItems': return `字段 ${field} 至少要有 ${String(e.params.limit)} 项${hint}`;
        case 'maxItems': return `字段 ${field} 最多 ${String(e.params.limit)} 项`;
        default: return `字段 ${field} 不符合要求${hint}`;
    }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 国家接口的时间格式 yyyy-MM-dd HH:mm:ss（服务所在时区） */
export function nationalTime(date: Date): string {
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

let sequence = 0;

/** 应答报文编号：区划（6 位，没有时 000000）+ yyyyMMddHHmmssSSS + 4 位序号 + 3 位进程号尾数，进程内唯一 */
export function refMessageId(area: string | undefined, date: Date): string {
    sequence = (sequence + 1) % 10000;
    const admvs = /^\d{6}/.test(area ?? '') ? area!.slice(0, 6) : '000000';
    const stamp = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}${pad(date.getMilliseconds(), 3)}`;
    return `${admvs}${stamp}${pad(sequence, 4)}${pad(process.pid % 1000, 3)}`;
}

export interface Reply {
    infcode: 0 | -1;
    inf_refmsgid: string;
    refmsg_time: string;
    respond_time: string;
    err_msg: string | null;
    output: unknown;
}

/**
 * 出参的 JSON 文本。output 已是 JSON 文本时（worker 序列化好的 3101 结果）直接拼接，不再解析、序列化一遍。
 */
export function replyJson(received: Date, area: string | undefined, result: { ok: true; output: string } | { ok: false; message: string }): string {
    const now = new Date();
    const head = `{"infcode":${result.ok ? 0 : -1},"inf_refmsgid":"${refMessageId(area, now)}","refmsg_time":"${nationalTime(received)}","respond_time":"${nationalTime(now)}",`;
    return result.ok
        ? `${head}"err_msg":null,"output":${result.output}}`
        : `${head}"err_msg":${JSON.stringify(result.message)},"output":null}`;
}
