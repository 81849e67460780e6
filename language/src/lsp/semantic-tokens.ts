/**
 * 语义高亮：在 TextMate 语法（关键字、字符串、数字、注释）之上，按名称解析的结果着色：
 * 规则 / 模板 / 代码集 / 参数的声明与引用、字段、函数（内置库）、全局名称、枚举值、令 / 对每 / 知识点绑定名。
 */
import type { AstNode } from 'langium';
import type { SemanticTokenAcceptor } from 'langium/lsp';
import { AbstractSemanticTokenProvider } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import {
    isAggregate, isAppliesClause, isCodeSet, isExpectation, isForEachClause, isKnowledgeClause, isLetClause, isLevelClause,
    isMemberAccess, isNameRef, isParameter, isPhaseItem, isRule, isTemplate, isTestParameter, isUseTemplateClause
} from '../generated/ast.js';

const DECLARATION = SemanticTokenModifiers.declaration;
const READONLY = SemanticTokenModifiers.readonly;
const LIBRARY = SemanticTokenModifiers.defaultLibrary;

/** 被引用的名称按其声明的种类着色。 */
function tokenForTarget(target: AstNode | undefined): { type: string; modifiers: string[] } | undefined {
    switch (target?.$type) {
        case 'FieldDecl': return { type: SemanticTokenTypes.property, modifiers: [] };
        case 'Parameter': return { type: SemanticTokenTypes.parameter, modifiers: [READONLY] };
        case 'FunctionDecl': return { type: SemanticTokenTypes.function, modifiers: [LIBRARY] };
        case 'GlobalDecl': return { type: SemanticTokenTypes.variable, modifiers: [LIBRARY, READONLY] };
        case 'EnumMember': return { type: SemanticTokenTypes.enumMember, modifiers: [] };
        case 'CodeSet': return { type: SemanticTokenTypes.type, modifiers: [] };
        case 'LetClause': case 'KnowledgeClause': case 'ForEachClause': return { type: SemanticTokenTypes.variable, modifiers: [] };
        case 'Rule': return { type: SemanticTokenTypes.function, modifiers: [] };
        case 'Template': return { type: SemanticTokenTypes.class, modifiers: [] };
        default: return undefined;
    }
}

export class ZhishenSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected override highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void | 'prune' | undefined {
        if (isRule(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.function, modifier: DECLARATION });
        } else if (isTemplate(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.class, modifier: DECLARATION });
        } else if (isCodeSet(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.type, modifier: DECLARATION });
        } else if (isParameter(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.parameter, modifier: [DECLARATION, READONLY] });
        } else if (isLetClause(node) || isKnowledgeClause(node) || isForEachClause(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.variable, modifier: DECLARATION });
        } else if (isNameRef(node)) {
            const token = tokenForTarget(node.ref?.ref);
            if (token) acceptor({ node, property: 'ref', type: token.type, modifier: token.modifiers });
        } else if (isMemberAccess(node)) {
            if (node.member?.ref) acceptor({ node, property: 'member', type: SemanticTokenTypes.property });
        } else if (isAggregate(node)) {
            acceptor({ node, property: 'function', type: SemanticTokenTypes.function, modifier: LIBRARY });
        } else if (isLevelClause(node)) {
            if (node.level?.ref) acceptor({ node, property: 'level', type: SemanticTokenTypes.enumMember });
        } else if (isPhaseItem(node)) {
            if (node.phase?.ref) acceptor({ node, property: 'phase', type: SemanticTokenTypes.enumMember });
        } else if (isAppliesClause(node)) {
            node.values.forEach((value, index) => {
                if (value.ref) acceptor({ node, property: 'values', index, type: SemanticTokenTypes.enumMember });
            });
        } else if (isUseTemplateClause(node)) {
            if (node.template?.ref) acceptor({ node, property: 'template', type: SemanticTokenTypes.class });
        } else if (isExpectation(node)) {
            if (node.rule?.ref) acceptor({ node, property: 'rule', type: SemanticTokenTypes.function });
        } else if (isTestParameter(node)) {
            if (node.target?.ref) acceptor({ node, property: 'target', type: SemanticTokenTypes.parameter, modifier: READONLY });
        }
    }
}
