/**
 * 签名帮助：内置函数（提取数值(文本, 模式) …）与聚合（计数、求和、最大 …）。
 * 从光标往回找未闭合的括号（跳过字符串与嵌套括号），括号前的名称即函数名，顶层逗号数即当前参数——半截输入也能用。
 */
import type { LangiumDocument } from 'langium';
import type { SignatureHelpProvider } from 'langium/lsp';
import type { SignatureHelp, SignatureHelpOptions, SignatureHelpParams, SignatureInformation } from 'vscode-languageserver';
import type { Builtins } from '../builtins/builtins.js';
import type { DocumentationProvider } from 'langium';
import { documentationOf, functionSignature, typeRefText } from './describe.js';
import { AGGREGATE_ALIASES, AGGREGATE_SIGNATURES } from './keywords.js';
import type { ZhishenLspServices } from './zhishen-lsp-module.js';

export interface OpenCall {
    name: string;
    /** 当前是第几个参数（0 起） */
    argument: number;
}

const OPEN = new Set(['(', '（']);
const CLOSE = new Set([')', '）']);
const COMMAS = new Set([',', '，', '、']);

/** 光标所在的未闭合调用。 */
export function openCallAt(text: string, offset: number): OpenCall | undefined {
    let depth = 0;
    let commas = 0;
    const limit = Math.max(0, offset - 2000);
    for (let i = offset - 1; i >= limit; i--) {
        const c = text[i];
        if (c === '\n' && depth === 0 && /^\s*(?:当|令|违规|金额|涉及|提示|依据|规则|模板|参数|代码集|测试|对每)/.test(text.slice(i + 1, offset))) return undefined;
        if (c === '"' || c === '”' || c === '“') {
            // 跳过字符串（同一行内）
            const j = findStringStart(text, i);
            if (j < 0) return undefined;
            i = j;
            continue;
        }
        if (c === '」') {
            const j = text.lastIndexOf('「', i);
            if (j < 0) return undefined;
            i = j;
            continue;
        }
        if (CLOSE.has(c) || c === ']' || c === '}') depth++;
        else if (c === '[' || c === '{') {
            if (depth === 0) return undefined;
            depth--;
        } else if (OPEN.has(c)) {
            if (depth === 0) {
                const match = /([_\p{L}\p{N}]+)\s*$/u.exec(text.slice(Math.max(0, i - 40), i));
                return match ? { name: match[1], argument: commas } : undefined;
            }
            depth--;
        } else if (COMMAS.has(c) && depth === 0) commas++;
    }
    return undefined;
}

function findStringStart(text: string, closeAt: number): number {
    for (let j = closeAt - 1; j >= 0 && text[j] !== '\n'; j--) {
        if ((text[j] === '"' || text[j] === '“') && text[j - 1] !== '\\') return j;
    }
    return -1;
}

export class ZhishenSignatureHelpProvider implements SignatureHelpProvider {
    private readonly builtins: Builtins;
    private readonly documentation: DocumentationProvider;

    constructor(services: ZhishenLspServices) {
        this.builtins = services.builtins.Builtins;
        this.documentation = services.documentation.DocumentationProvider;
    }

    get signatureHelpOptions(): SignatureHelpOptions {
        return { triggerCharacters: ['(', '（'], retriggerCharacters: [',', '，'] };
    }

    provideSignatureHelp(document: LangiumDocument, params: SignatureHelpParams): SignatureHelp | undefined {
        const text = document.textDocument.getText();
        const call = openCallAt(text, document.textDocument.offsetAt(params.position));
        if (!call) return undefined;
        const signatures = this.signaturesFor(call.name);
        if (signatures.length === 0) return undefined;
        let active = 0;
        if (signatures.length > 1 && call.argument >= 1 && params.context?.activeSignatureHelp) {
            active = params.context.activeSignatureHelp.activeSignature ?? 0;
        }
        return { signatures, activeSignature: active, activeParameter: Math.min(call.argument, (signatures[active].parameters?.length ?? 1) - 1) };
    }

    signaturesFor(name: string): SignatureInformation[] {
        const fn = this.builtins.function(name);
        if (fn) {
            const doc = documentationOf(fn, this.documentation);
            return [{
                label: functionSignature(fn),
                documentation: doc ? { kind: 'markdown', value: doc } : undefined,
                parameters: fn.params.map(p => ({ label: `${p.name}${p.optional ? '?' : ''}: ${typeRefText(p.type)}` }))
            }];
        }
        const aggregate = AGGREGATE_SIGNATURES[AGGREGATE_ALIASES[name] ?? name];
        if (aggregate) {
            return aggregate.map(s => ({ label: s.label, documentation: s.doc, parameters: s.params.map(p => ({ label: p })) }));
        }
        return [];
    }
}
