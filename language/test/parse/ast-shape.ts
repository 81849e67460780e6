/**
 * 语法树形状：节点类型、字面属性、引用的原文（@名称），按层缩进；不含位置与链接结果。解析用例与模糊测试共用。
 */
import type { AstNode } from 'langium';
import { isAstNode, isReference } from 'langium';

function scalar(value: unknown): string {
    return JSON.stringify(value);
}

/** 语法树 → 缩进文本。 */
export function astShape(node: AstNode, indent = ''): string {
    const lines: string[] = [];
    const attributes: string[] = [];
    const children: Array<[string, AstNode[]]> = [];
    for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('$')) continue;
        if (value === undefined) continue;
        if (isReference(value)) attributes.push(`${key}=@${value.$refText}`);
        else if (isAstNode(value)) children.push([key, [value]]);
        else if (Array.isArray(value)) {
            if (value.length === 0) continue;
            if (value.every(isAstNode)) children.push([key, value as AstNode[]]);
            else attributes.push(`${key}=[${value.map(v => (isReference(v) ? `@${v.$refText}` : scalar(v))).join(', ')}]`);
        } else if (value === false) continue;
        else attributes.push(`${key}=${scalar(value)}`);
    }
    lines.push(`${indent}${node.$type}${attributes.length ? ' ' + attributes.join(' ') : ''}`);
    for (const [key, nodes] of children) {
        lines.push(`${indent}  ${key}:`);
        for (const child of nodes) lines.push(astShape(child, indent + '    '));
    }
    return lines.join('\n');
}

