/**
 * 内联提示：字面编码旁显示知识库中的名称（"XJ01CAA040A001010405611" 阿莫西林片）；
 * 参数引用旁显示生效值（儿童年龄上限 = 18岁；被 zhishen.json 覆盖时显示覆盖值，悬停看默认值）。
 */
import type { AstNode } from 'langium';
import type { InlayHintAcceptor } from 'langium/lsp';
import { AbstractInlayHintProvider } from 'langium/lsp';
import { InlayHintKind } from 'vscode-languageserver';
import { isNameRef, isParameter, isTextLiteral } from '../generated/ast.js';
import type { KnowledgeBaseProvider } from '../kb/provider.js';
import type { TypeSystem } from '../typing/type-system.js';
import { effectiveParameterValue } from './describe.js';
import { stringRoleOf, textValue } from './kb-context.js';
import type { ZhishenProject } from './project.js';
import type { ZhishenLspServices } from './zhishen-lsp-module.js';

const MAX_NAME = 18;

export class ZhishenInlayHintProvider extends AbstractInlayHintProvider {
    private readonly kb: KnowledgeBaseProvider;
    private readonly types: TypeSystem;
    private readonly project: ZhishenProject;

    constructor(services: ZhishenLspServices) {
        super();
        this.kb = services.kb.KnowledgeBaseProvider;
        this.types = services.typing.TypeSystem;
        this.project = services.shared.zhishen.Project;
    }

    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        try {
            if (isTextLiteral(node)) this.codeName(node, acceptor);
            else if (isNameRef(node)) this.parameterValue(node, acceptor);
        } catch {
            // 半截输入：不给提示
        }
    }

    private codeName(node: AstNode, acceptor: InlayHintAcceptor): void {
        const kb = this.kb.current;
        const cst = node.$cstNode;
        if (!kb || !cst) return;
        const value = textValue(node);
        if (!value) return;
        const entries = kb.index.get(value);
        if (entries.length === 0) return;
        // 提示文本、依据等里恰好等于编码的字符串不标
        if (stringRoleOf(this.types, node).role !== 'code') return;
        const name = entries[0].name;
        acceptor({
            position: cst.range.end,
            label: name.length > MAX_NAME ? name.slice(0, MAX_NAME - 1) + '…' : name,
            kind: InlayHintKind.Type,
            paddingLeft: true,
            tooltip: `${entries[0].kind}：${name}${entries[0].spec ? `（${entries[0].spec}）` : ''}`
        });
    }

    private parameterValue(node: AstNode, acceptor: InlayHintAcceptor): void {
        if (!isNameRef(node) || node.call) return;
        const target = node.ref?.ref;
        const cst = node.$cstNode;
        if (!target || !isParameter(target) || !cst) return;
        const value = effectiveParameterValue(target, this.project, node);
        acceptor({
            position: cst.range.end,
            label: `= ${value.text}`,
            kind: InlayHintKind.Parameter,
            paddingLeft: true,
            tooltip: value.override
                ? `生效值 ${value.text}（${value.override.source} 覆盖，${value.override.scope === '*' ? '全部规则' : `规则 ${value.override.scope}`}）；默认 ${value.defaultText}`
                : `默认值 ${value.defaultText}`
        });
    }
}
