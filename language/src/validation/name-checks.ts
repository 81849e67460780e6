/**
 * 名称：规则编号跨文件唯一、全局名称唯一、规则内名称不重复、不遮蔽内置名称、未使用的参数与 令。
 */
import type { AstNode, AstNodeDescription, IndexManager, ValidationAcceptor } from 'langium';
import { AstUtils } from 'langium';
import type { CodeSet, Document, Parameter, Rule, Template } from '../generated/ast.js';
import { isCodeSet, isForEachClause, isKnowledgeClause, isLetClause, isNameRef, isParameter, isRule, isTemplate } from '../generated/ast.js';
import type { Builtins } from '../builtins/builtins.js';
import { isPreludeUri } from '../builtins/load-prelude.js';
import { report } from './report.js';

const KIND_LABEL: Record<string, string> = { CodeSet: '代码集', Template: '模板', Parameter: '参数' };

export class NameChecks {
    constructor(private readonly indexManager: IndexManager, private readonly builtins: Builtins) {}

    /** 跨文件：同名规则 / 代码集 / 模板 / 顶层参数。后出现的（按文档 URI、位置）报错，先出现的保留。 */
    checkDocument(root: Document, accept: ValidationAcceptor): void {
        const document = AstUtils.getDocument(root);
        if (isPreludeUri(document.uri)) return;
        const myUri = document.uri.toString();
        for (const type of ['Rule', 'CodeSet', 'Template', 'Parameter']) {
            const byName = new Map<string, AstNodeDescription[]>();
            for (const description of this.indexManager.allElements(type)) {
                if (type === 'Parameter' && !/^\/elements@\d+$/.test(description.path)) continue;
                const list = byName.get(description.name) ?? [];
                list.push(description);
                byName.set(description.name, list);
            }
            for (const [name, descriptions] of byName) {
                if (descriptions.length < 2) continue;
                const sorted = [...descriptions].sort(compareDescriptions);
                const first = sorted[0];
                for (const duplicate of sorted.slice(1)) {
                    if (duplicate.documentUri.toString() !== myUri) continue;
                    const node = root.elements.find((_, i) => duplicate.path === `/elements@${i}`);
                    if (!node) continue;
                    const other = describeLocation(first);
                    if (type === 'Rule') report(accept, 'ZS0111', { name, other }, { node, property: 'name' });
                    else report(accept, 'ZS0112', { what: KIND_LABEL[type], name, other }, { node, property: 'name' });
                }
            }
        }
        for (const element of root.elements) {
            if ((isCodeSet(element) || isParameter(element)) && element.name && this.isBuiltinName(element.name)) {
                report(accept, 'ZS0113', { name: element.name }, { node: element, property: 'name' });
            }
        }
    }

    private isBuiltinName(name: string): boolean {
        return !!(this.builtins.global(name) || this.builtins.function(name) || this.builtins.enumOfMember(name));
    }

    /** 规则 / 模板内：参数、令、知识点、对每 绑定名不重复；未使用的参数与 令。 */
    checkOwner(owner: Rule | Template, accept: ValidationAcceptor): void {
        const where = isRule(owner) ? `规则「${owner.name}」` : `模板「${owner.name}」`;
        const seen = new Map<string, AstNode>();
        for (const clause of owner.clauses) {
            if (!(isParameter(clause) || isLetClause(clause) || isKnowledgeClause(clause) || isForEachClause(clause))) continue;
            const name = clause.name;
            if (!name) continue;
            if (seen.has(name)) report(accept, 'ZS0110', { name, where }, { node: clause, property: 'name' });
            else seen.set(name, clause);
            if (!isParameter(clause) && this.isBuiltinName(name)) report(accept, 'ZS0113', { name }, { node: clause, property: 'name' });
        }
        const used = new Set<AstNode>();
        for (const node of AstUtils.streamAst(owner)) {
            if (isNameRef(node) && node.ref?.ref) used.add(node.ref.ref);
        }
        const templateUses = this.templateUses(owner);
        for (const clause of owner.clauses) {
            if (isParameter(clause) && !used.has(clause) && !templateUses.has(clause.name)) {
                report(accept, 'ZS0501', { name: clause.name }, { node: clause, property: 'name' });
            }
            if (isLetClause(clause) && !used.has(clause)) {
                report(accept, 'ZS0503', { name: clause.name }, { node: clause, property: 'name' });
            }
        }
    }

    /** 代码集与参数的定义不能直接或间接引用自身（否则无法求值，编译时会无穷递归）。 */
    checkDefinitionCycle(node: CodeSet | Parameter, accept: ValidationAcceptor): void {
        if (!node.value) return;
        const seen = new Set<AstNode>();
        const pending: AstNode[] = [node.value];
        while (pending.length > 0) {
            for (const child of AstUtils.streamAst(pending.pop()!)) {
                if (!isNameRef(child)) continue;
                const target = child.ref?.ref;
                if (!target || !(isCodeSet(target) || isParameter(target))) continue;
                if (target === node) {
                    report(accept, 'ZS0324', {}, { node, property: 'name' });
                    return;
                }
                if (seen.has(target) || !target.value) continue;
                seen.add(target);
                pending.push(target.value);
            }
        }
    }

    /** 规则套用模板时，模板里用到的参数名（规则中同名参数是覆盖，算作使用）。 */
    private templateUses(owner: Rule | Template): Set<string> {
        const names = new Set<string>();
        if (!isRule(owner)) return names;
        for (const clause of owner.clauses) {
            if (clause.$type !== 'UseTemplateClause') continue;
            const template = (clause as { template?: { ref?: Template } }).template?.ref;
            if (!template || !isTemplate(template)) continue;
            for (const node of AstUtils.streamAst(template)) {
                if (isNameRef(node) && node.ref?.ref && isParameter(node.ref.ref)) names.add(node.ref.ref.name);
            }
        }
        return names;
    }
}

function compareDescriptions(a: AstNodeDescription, b: AstNodeDescription): number {
    const byUri = a.documentUri.toString().localeCompare(b.documentUri.toString());
    if (byUri !== 0) return byUri;
    return pathIndex(a.path) - pathIndex(b.path);
}

function pathIndex(path: string): number {
    const match = /^\/elements@(\d+)/.exec(path);
    return match ? Number(match[1]) : 0;
}

function describeLocation(description: AstNodeDescription): string {
    const uri = description.documentUri;
    const file = uri.path.split('/').pop() ?? uri.toString();
    const line = description.nameSegment?.range.start.line;
    return line === undefined ? file : `${file}:${line + 1}`;
}

