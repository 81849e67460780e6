/**
 * 名称的中文说明：种类、类型、签名、文档注释。补全、悬停、签名帮助、符号共用。
 */
import type { AstNode, AstNodeDescription, DocumentationProvider } from 'langium';
import { AstUtils, CstUtils } from 'langium';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver-types';
import type { FieldDecl, FunctionDecl, Parameter, Rule, Template } from '../generated/ast.js';
import {
    isCategoryClause, isCodeSet, isEnumDecl, isEnumMember, isFieldDecl, isForEachClause, isFunctionDecl, isGlobalDecl, isKnowledgeClause,
    isLetClause, isLevelClause, isParameter, isPhaseClause, isRecordDecl, isRule, isTemplate, isTestCase
} from '../generated/ast.js';
import type { TypeSystem } from '../typing/type-system.js';
import { typeName } from '../typing/types.js';
import { isPreludeUri } from '../builtins/load-prelude.js';
import { escapeMarkdown } from './kb-context.js';
import type { ZhishenProject } from './project.js';

/** 一种名称的中文种类名。 */
export function kindLabel(node: AstNode | undefined, type?: string): string {
    switch (node?.$type ?? type) {
        case 'Rule': return '规则';
        case 'Template': return '模板';
        case 'CodeSet': return '代码集';
        case 'Parameter': return '参数';
        case 'FieldDecl': return '字段';
        case 'FunctionDecl': return '函数';
        case 'GlobalDecl': return '全局';
        case 'EnumMember': return '枚举值';
        case 'LetClause': return '令';
        case 'KnowledgeClause': return '知识点';
        case 'ForEachClause': return '对每';
        case 'TestCase': return '测试';
        case 'RecordDecl': return '记录';
        case 'EnumDecl': return '枚举';
        default: return '名称';
    }
}

export function completionKind(type: string): CompletionItemKind {
    switch (type) {
        case 'Rule': return CompletionItemKind.Event;
        case 'Template': return CompletionItemKind.Class;
        case 'CodeSet': return CompletionItemKind.Enum;
        case 'Parameter': return CompletionItemKind.Constant;
        case 'FieldDecl': return CompletionItemKind.Field;
        case 'FunctionDecl': return CompletionItemKind.Function;
        case 'GlobalDecl': return CompletionItemKind.Variable;
        case 'EnumMember': return CompletionItemKind.EnumMember;
        case 'LetClause': case 'KnowledgeClause': case 'ForEachClause': return CompletionItemKind.Variable;
        default: return CompletionItemKind.Reference;
    }
}

export function symbolKind(type: string): SymbolKind {
    switch (type) {
        case 'Rule': return SymbolKind.Function;
        case 'Template': return SymbolKind.Class;
        case 'CodeSet': return SymbolKind.Enum;
        case 'Parameter': return SymbolKind.Constant;
        case 'FieldDecl': return SymbolKind.Field;
        case 'FunctionDecl': return SymbolKind.Function;
        case 'GlobalDecl': return SymbolKind.Variable;
        case 'EnumMember': return SymbolKind.EnumMember;
        case 'EnumDecl': return SymbolKind.Enum;
        case 'RecordDecl': return SymbolKind.Struct;
        case 'TestCase': return SymbolKind.Event;
        case 'LetClause': case 'KnowledgeClause': case 'ForEachClause': return SymbolKind.Variable;
        default: return SymbolKind.Field;
    }
}

/** 函数签名：提取数值(文本: 文本, 模式: 文本): 数值 */
export function functionSignature(fn: FunctionDecl): string {
    const params = fn.params.map(p => `${p.name}${p.optional ? '?' : ''}: ${typeRefText(p.type)}`).join(', ');
    return `${fn.name}(${params}): ${typeRefText(fn.returnType)}`;
}

export function typeRefText(ref: { name: string; args: Array<{ name: string; args: unknown[] }> } | undefined): string {
    if (!ref) return '?';
    const args = ref.args as Array<{ name: string; args: Array<{ name: string; args: unknown[] }> }>;
    return args.length > 0 ? `${ref.name}<${args.map(a => typeRefText(a)).join(', ')}>` : ref.name;
}

/** 节点的源码文本（压成一行）。 */
export function sourceText(node: AstNode | undefined, max = 80): string {
    const text = node?.$cstNode?.text.replace(/\s+/g, ' ').trim() ?? '';
    return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export interface DescribeContext {
    types: TypeSystem;
    documentation: DocumentationProvider;
    project?: ZhishenProject;
    /** 引用处（悬停、内联提示）：顶层参数在哪条规则里用到，就看那条规则的覆盖 */
    site?: AstNode;
}

/** 一句话说明（补全的 detail）。 */
export function shortDetail(node: AstNode, ctx: DescribeContext): string {
    try {
        if (isFieldDecl(node)) return `${typeRefText(node.type)} · ${(node.$container as { name?: string }).name ?? ''}的字段`;
        if (isFunctionDecl(node)) return functionSignature(node);
        if (isParameter(node)) {
            const effective = effectiveParameterValue(node, ctx.project);
            return `参数 = ${effective.text}${effective.override ? '（覆盖）' : ''}`;
        }
        if (isGlobalDecl(node)) return `${typeRefText(node.type)} · 全局`;
        if (isEnumMember(node)) return `${node.$container.name} 的取值`;
        if (isCodeSet(node)) return `代码集 · ${node.kind ? typeRefText(node.kind) : typeName(ctx.types.typeOfCodeSet(node))}`;
        if (isLetClause(node)) return `令 · ${node.value ? typeName(ctx.types.typeOf(node.value)) : '?'}`;
        if (isKnowledgeClause(node)) return `知识点${node.table ? ` · ${node.table}` : ''}`;
        if (isForEachClause(node)) return `${node.kind} · ${typeName(ctx.types.binderType(node))}`;
        if (isRule(node)) return `规则${node.title ? ` · ${node.title}` : ''}`;
        if (isTemplate(node)) return `模板${node.title ? ` · ${node.title}` : ''}`;
    } catch {
        // 半截输入时类型推导可能失败：只给种类
    }
    return kindLabel(node);
}

/**
 * 参数的生效值：覆盖（编辑器的参数面板、zhishen.json、部署配置）优先，否则默认值。
 * 规则内的参数看本规则的覆盖；顶层参数在引用处（site）所在的规则里按那条规则的覆盖，不在规则里时只看 *。
 */
export function effectiveParameterValue(param: Parameter, project: ZhishenProject | undefined, site?: AstNode): { text: string; defaultText: string; override?: { text: string; source: string; scope: string } } {
    const defaultText = sourceText(param.value, 60) || '?';
    const owner = param.$container;
    const siteRule = site && AstUtils.getContainerOfType(site, isRule);
    const ruleId = isRule(owner) ? owner.name : siteRule?.name;
    const override = project?.overrideFor(param.name, ruleId);
    return override ? { text: override.text, defaultText, override } : { text: defaultText, defaultText };
}

/** 悬停的 Markdown。site 为引用处（字段类型、分组键等依赖它）。 */
export function hoverMarkdown(node: AstNode, ctx: DescribeContext): string | undefined {
    const doc = documentationOf(node, ctx.documentation);
    const parts: string[] = [];
    const code = (text: string) => '```zhishen\n' + text + '\n```';
    if (isFieldDecl(node)) {
        const record = node.$container.name;
        parts.push(code(`${record}.${node.name}: ${typeRefText(node.type)}`));
        if (doc) parts.push(doc);
        if (node.source) parts.push(`理赔字段：\`${node.source}\``);
    } else if (isFunctionDecl(node)) {
        parts.push(code(`函数 ${functionSignature(node)}`));
        if (doc) parts.push(doc);
    } else if (isGlobalDecl(node)) {
        parts.push(code(`全局 ${node.name}: ${typeRefText(node.type)}`));
        if (doc) parts.push(doc);
    } else if (isEnumMember(node)) {
        const enumDecl = node.$container;
        parts.push(code(`${enumDecl.name}.${node.name}`));
        const enumDoc = documentationOf(enumDecl, ctx.documentation);
        if (enumDoc) parts.push(enumDoc);
        parts.push(`可选：${enumDecl.members.map(m => m.name).join('、')}`);
    } else if (isParameter(node)) {
        const type = safe(() => typeName(ctx.types.typeOfParameter(node)));
        parts.push(code(`参数 ${node.name}${type ? `: ${type}` : ''}`));
        const value = effectiveParameterValue(node, ctx.project, ctx.site);
        const lines = [`- 默认值：\`${value.defaultText}\``];
        if (value.override) lines.push(`- 覆盖：\`${value.override.text}\`（${escapeMarkdown(value.override.source)}，${value.override.scope === '*' ? '全部规则' : `规则 ${value.override.scope}`}）`);
        lines.push(`- 生效值：\`${value.text}\``);
        parts.push(lines.join('\n'));
        if (node.description) parts.push(escapeMarkdown(node.description));
        if (doc) parts.push(doc);
        const owner = node.$container;
        if (isRule(owner) || isTemplate(owner)) parts.push(`属于${kindLabel(owner)}「${owner.name}」`);
    } else if (isCodeSet(node)) {
        const type = node.kind ? typeRefText(node.kind) : safe(() => typeName(ctx.types.typeOfCodeSet(node)));
        parts.push(code(`代码集 ${node.name}${type ? `: ${type}` : ''}`));
        if (node.description) parts.push(escapeMarkdown(node.description));
        if (doc) parts.push(doc);
        parts.push(`= \`${sourceText(node.value, 120)}\``);
    } else if (isLetClause(node)) {
        const type = safe(() => node.value ? typeName(ctx.types.typeOf(node.value)) : undefined);
        parts.push(code(`令 ${node.name}${type ? `: ${type}` : ''} = ${sourceText(node.value, 100)}`));
    } else if (isKnowledgeClause(node)) {
        parts.push(code(`知识点 ${node.name}: 知识点`));
        parts.push(node.table ? `来自知识点表「${escapeMarkdown(node.table)}」：每一行生成规则的一个实例。` : '由 套用 … 于 "知识点表" 指定的知识点表逐行提供。');
    } else if (isForEachClause(node)) {
        const type = safe(() => typeName(ctx.types.binderType(node)));
        parts.push(code(`${node.kind} ${sourceText(node.source, 40)} ${node.name}${type ? `: ${type}` : ''}`));
        parts.push('作用域的绑定名：逐个元素（或逐组）检查。');
    } else if (isRule(node) || isTemplate(node)) {
        parts.push(code(`${kindLabel(node)} ${node.name}${node.title ? ` "${node.title}"` : ''}`));
        const meta = ruleMeta(node);
        if (meta) parts.push(meta);
        if (doc) parts.push(doc);
    } else if (isRecordDecl(node)) {
        parts.push(code(`记录 ${node.name}`));
        if (doc) parts.push(doc);
        parts.push(`字段：${node.fields.map(f => f.name).join('、')}`);
    } else if (isTestCase(node)) {
        parts.push(code(`测试 "${node.name}"`));
    } else {
        return doc;
    }
    if (isPreludeUri(AstUtils.getDocument(node).uri)) {
        const link = referenceLink(node, ctx.project?.referenceUrl);
        if (!isRecordDecl(node)) parts.push(link ? `*内置库* · ${link}` : '*内置库*');
        else if (link) parts.push(link);
    }
    return parts.join('\n\n');
}

/**
 * 内置声明在《语言参考》（docs/语言参考.md，由 language/src/reference 生成）中的链接：记录与字段 → 记录一节，
 * 函数、枚举 → 各自一节，全局名称 → 全局名称表。标题即锚点（GitHub 的写法：中文标题原样）。没有配置参考地址时不给链接。
 */
export function referenceLink(node: AstNode, base: string | undefined): string | undefined {
    if (!base) return undefined;
    let anchor: string | undefined;
    let label: string | undefined;
    if (isFieldDecl(node)) [anchor, label] = [node.$container.name, `${node.$container.name}.${node.name}`];
    else if (isRecordDecl(node) || isFunctionDecl(node) || isEnumDecl(node)) [anchor, label] = [node.name, node.name];
    else if (isEnumMember(node)) [anchor, label] = [node.$container.name, node.$container.name];
    else if (isGlobalDecl(node)) [anchor, label] = ['全局名称', node.name];
    return anchor ? `[语言参考 › ${label}](${base}#${encodeURIComponent(anchor)})` : undefined;
}

function ruleMeta(node: Rule | Template): string | undefined {
    const lines: string[] = [];
    for (const clause of node.clauses) {
        if (isCategoryClause(clause)) lines.push(`- 分类：${escapeMarkdown(String(clause.value ?? ''))}`);
        else if (isLevelClause(clause)) lines.push(`- 级别：${clause.level?.$refText ?? ''}`);
        else if (isPhaseClause(clause)) lines.push(`- 环节：${clause.phases.map(p => p.phase?.$refText).join('、')}`);
        else if (clause.$type === 'BasisClause') lines.push(`- 依据：${escapeMarkdown(sourceText(clause, 120).replace(/^依据\s*/, ''))}`);
    }
    return lines.length > 0 ? lines.join('\n') : undefined;
}

export function documentationOf(node: AstNode, documentation: DocumentationProvider): string | undefined {
    try {
        const text = documentation.getDocumentation(node);
        if (text) return text;
    } catch {
        // 忽略
    }
    // 规则内子句前的 // 注释也当说明（顶层元素只认 /** … */，免得把文件开头的注释当成第一个声明的说明）
    if (!isRule(node.$container) && !isTemplate(node.$container)) return undefined;
    const comment = node.$cstNode ? CstUtils.findCommentNode(node.$cstNode, ['SL_COMMENT']) : undefined;
    return comment ? comment.text.replace(/^\/\/\s*/, '') : undefined;
}

/** AstNodeDescription 的节点（可能尚未加载）。 */
export function descriptionNode(description: AstNodeDescription): AstNode | undefined {
    try {
        return description.node;
    } catch {
        return undefined;
    }
}

export function fieldOwnerName(field: FieldDecl): string {
    return field.$container.name;
}

function safe<T>(run: () => T): T | undefined {
    try {
        return run();
    } catch {
        return undefined;
    }
}
