/**
 * 按 3101 入参的 JSON Schema（runtime/schema/3101-input.schema.json）校验一份理赔，给出中文问题与 JSON 路径。
 *
 * 只实现该 schema 用到的关键字：$ref（本文件内）、type、properties、required、items、minItems、minLength、pattern、
 * anyOf、if/then。与 $ref 并列的 description 等注解照 VS Code / Monaco 的做法合并（并列的优先）。
 * 编辑器里的提示（补全字段名、悬停说明）由 Monaco 的 JSON 服务按同一份 schema 给出；这里负责中文的错误信息。
 */
import { formatJsonPath } from './json-text.js';

export interface Schema {
    $ref?: string;
    type?: string | string[];
    description?: string;
    properties?: Record<string, Schema>;
    required?: string[];
    items?: Schema;
    minItems?: number;
    minLength?: number;
    pattern?: string;
    anyOf?: Schema[];
    if?: Schema;
    then?: Schema;
    definitions?: Record<string, Schema>;
    examples?: unknown[];
}

export interface SchemaIssue {
    path: Array<string | number>;
    message: string;
}

const TYPE_NAMES: Record<string, string> = {
    string: '文本', number: '数字', integer: '整数', boolean: '真假值', object: '对象', array: '数组', null: '空值 null'
};

function typeOf(value: unknown): string {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'array';
    return typeof value === 'number' ? 'number' : typeof value;
}

function show(value: unknown): string {
    const type = typeOf(value);
    if (type === 'string') return `文本「${String(value).length > 30 ? String(value).slice(0, 30) + '…' : value}」`;
    if (type === 'number' || type === 'boolean') return `${TYPE_NAMES[type]} ${String(value)}`;
    return TYPE_NAMES[type] ?? type;
}

/** description 的开头：「数量 cnt：为负表示退费」→「数量」。 */
export function shortLabel(description: string | undefined): string | undefined {
    if (!description) return undefined;
    const head = description.split(/[\s：:（(，,]/)[0];
    return head && head.length <= 16 ? head : undefined;
}

export class SchemaValidator {
    private readonly patterns = new Map<string, RegExp>();

    constructor(private readonly root: Schema) {}

    validate(value: unknown): SchemaIssue[] {
        const issues: SchemaIssue[] = [];
        this.check(value, this.root, [], issues);
        return issues;
    }

    private resolve(schema: Schema): Schema {
        let current = schema;
        const seen = new Set<string>();
        while (current.$ref) {
            const ref = current.$ref;
            if (seen.has(ref) || !ref.startsWith('#/definitions/')) break;
            seen.add(ref);
            const target = this.root.definitions?.[ref.slice('#/definitions/'.length)];
            if (!target) break;
            const { $ref: _ignored, ...siblings } = current;
            current = { ...target, ...siblings };
        }
        return current;
    }

    private label(path: Array<string | number>, schema: Schema): string {
        const where = formatJsonPath(path) || '请求';
        const name = shortLabel(schema.description);
        const last = path[path.length - 1];
        return name && typeof last === 'string' ? `${where}（${name}）` : where;
    }

    private check(value: unknown, raw: Schema, path: Array<string | number>, issues: SchemaIssue[]): void {
        const schema = this.resolve(raw);
        if (schema.anyOf) {
            const ok = schema.anyOf.some(alt => this.matches(value, alt));
            if (!ok) {
                const names = schema.anyOf.map(alt => this.describeType(this.resolve(alt))).filter(Boolean).join('或');
                issues.push({ path, message: `${this.label(path, schema)}应是${names}，实际是${show(value)}` });
                return;
            }
        }
        if (schema.type) {
            const types = Array.isArray(schema.type) ? schema.type : [schema.type];
            const actual = typeOf(value);
            const ok = types.includes(actual) || (actual === 'number' && types.includes('integer') && Number.isInteger(value));
            if (!ok) {
                issues.push({ path, message: `${this.label(path, schema)}应是${this.describeType(schema)}，实际是${show(value)}` });
                return;
            }
        }
        if (typeof value === 'string') {
            if (schema.minLength !== undefined && value.length < schema.minLength) {
                issues.push({ path, message: `${this.label(path, schema)}不能为空` });
            }
            if (schema.pattern && !this.regex(schema.pattern).test(value)) {
                const types = Array.isArray(schema.type) ? schema.type : [schema.type];
                const kind = types.includes('number') ? '不是数字（金额、数量写成 12.5 或 "12.50"）' : '格式不对';
                const dateLike = (schema.description ?? '').includes('日期') || (schema.description ?? '').includes('时间');
                issues.push({ path, message: `${this.label(path, schema)}的值「${value}」${dateLike ? '不是日期（写成 2024-03-01 或 2024-03-01 08:30:00）' : kind}` });
            }
        }
        if (Array.isArray(value)) {
            if (schema.minItems !== undefined && value.length < schema.minItems) {
                issues.push({ path, message: `${this.label(path, schema)}至少要有 ${schema.minItems} 项` });
            }
            if (schema.items) value.forEach((item, i) => this.check(item, schema.items!, [...path, i], issues));
        }
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
            const object = value as Record<string, unknown>;
            const required = [...(schema.required ?? [])];
            if (schema.if && schema.then && this.matches(value, schema.if)) required.push(...(this.resolve(schema.then).required ?? []));
            for (const name of new Set(required)) {
                const present = name in object && object[name] !== null && object[name] !== '';
                if (!present) {
                    const child = schema.properties?.[name] ? this.resolve(schema.properties[name]) : undefined;
                    const what = shortLabel(child?.description);
                    const conditional = !(schema.required ?? []).includes(name);
                    issues.push({
                        path,
                        message: `${formatJsonPath(path) || '请求'}缺少${conditional ? '' : '必填'}字段 ${name}${what ? `（${what}）` : ''}${conditional ? '：有多次就诊时必须指明被审核的是哪一次' : ''}`
                    });
                }
            }
            for (const [name, child] of Object.entries(schema.properties ?? {})) {
                if (name in object && object[name] !== undefined) this.check(object[name], child, [...path, name], issues);
            }
        }
    }

    private matches(value: unknown, schema: Schema): boolean {
        const issues: SchemaIssue[] = [];
        this.check(value, schema, [], issues);
        return issues.length === 0;
    }

    private describeType(schema: Schema): string {
        const types = (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []).filter(t => t !== 'null');
        if (types.includes('number') && types.includes('string') && schema.pattern) return '数字或数字文本';
        return types.map(t => TYPE_NAMES[t] ?? t).join('或');
    }

    private regex(pattern: string): RegExp {
        let re = this.patterns.get(pattern);
        if (!re) {
            re = new RegExp(pattern, 'u');
            this.patterns.set(pattern, re);
        }
        return re;
    }
}
