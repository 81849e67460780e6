/**
 * 一个字符串字面量是否处在“编码”位置（代码集、`属于 {…}`、`对每条 … 属于 {…}`、与编码比较、编码参数），
 * 以及那里期望哪种编码。知识库校验（validation/kb-checks）与编辑器（lsp/kb-context：补全、悬停、内联提示）共用这一个判断。
 */
import type { AstNode } from 'langium';
import type { Expression, TextLiteral } from '../generated/ast.js';
import type { CatalogueKind } from '../kb/types.js';
import { isBinary, isCodeSet, isForEachClause, isParameter, isSetElement, isSetLiteral } from '../generated/ast.js';
import { canonicalOperator } from './operators.js';
import type { TypeSystem } from './type-system.js';
import { recordOf } from './type-system.js';
import type { CodeKind } from './types.js';
import { elementType } from './types.js';

export interface CodeSlot {
    /** 期望的编码种类；undefined：是编码位置，但推断不出种类（校验跳过，编辑器按“任意”） */
    kind: CodeKind | undefined;
    /** 按前缀核对：编码族（"XJ01"*）与区间的两端 */
    prefix: boolean;
    /** 区间的上端（"N40" 至 "N51" 的 "N51"）：只是边界，不必是真实编码 */
    upper: boolean;
}

export function codeSlotOf(types: TypeSystem, literal: TextLiteral): CodeSlot | undefined {
    let prefix = false;
    let upper = false;
    let node: AstNode;
    const parent = literal.$container as AstNode | undefined;
    if (parent && isSetElement(parent)) {
        upper = parent.upper === literal;
        prefix = (parent.prefix && parent.value === literal) || parent.upper !== undefined;
        node = parent.$container as AstNode;
        if (!node) return undefined;
    } else if (parent && isBinary(parent)) {
        const op = canonicalOperator(parent.operator);
        if (op !== '=' && op !== '!=') return undefined;
        const kind = codeKindOf(types, parent.left === literal ? parent.right : parent.left);
        return kind ? { kind, prefix: false, upper: false } : undefined;
    } else {
        return undefined;
    }
    return collectionSlotOf(types, node, { prefix, upper });
}

/**
 * 集合字面量（`{ … }`，或它所在的代码集运算 + / -）里的元素期望哪种编码。
 * 编辑器在字符串还没进语法树时（刚输入引号）用它：按最近一次构建里的花括号判断。
 */
export function collectionSlotOf(types: TypeSystem, collection: AstNode, element: { prefix: boolean; upper: boolean } = { prefix: false, upper: false }): CodeSlot | undefined {
    const { prefix, upper } = element;
    let node: AstNode = collection;
    let parent = node.$container;
    // node 现在是集合字面量；向上越过代码集运算（+ / -）
    while (parent && isBinary(parent) && (parent.operator === '+' || parent.operator === '-')) {
        node = parent;
        parent = parent.$container;
    }
    if (!parent || (!isSetLiteral(node) && !isBinary(node))) return undefined;
    const slot = (kind: CodeKind | undefined): CodeSlot => ({ kind, prefix, upper });
    if (isCodeSet(parent)) {
        // 声明了种类（代码集 X: 药品 = …）时 typeOfCodeSet 以声明为准
        const element = elementType(types.typeOfCodeSet(parent));
        return slot(element?.kind === 'code' ? element.codeKind : '任意');
    }
    if (isBinary(parent)) {
        const op = canonicalOperator(parent.operator);
        return (op === 'in' || op === 'not_in') && parent.right === node ? slot(codeKindOf(types, parent.left)) : undefined;
    }
    if (isForEachClause(parent) && parent.codes === node && parent.source) {
        const element = elementType(types.typeOf(parent.source));
        const field = element && recordOf(element)?.fields.find(f => f.name === '编码');
        const fieldType = field && types.resolveTypeRef(field.type);
        return slot(fieldType?.kind === 'code' ? fieldType.codeKind : '任意');
    }
    if (isParameter(parent)) {
        const element = parent.type ? elementType(types.resolveTypeRef(parent.type)) : undefined;
        return slot(element?.kind === 'code' ? element.codeKind : undefined);
    }
    return slot(undefined);
}

/** 表达式（或其元素）的编码种类；不是编码时 undefined。 */
export function codeKindOf(types: TypeSystem, expression: Expression | undefined): CodeKind | undefined {
    if (!expression) return undefined;
    const type = types.typeOf(expression);
    const subject = elementType(type) ?? type;
    return subject.kind === 'code' ? subject.codeKind : undefined;
}

/** 编码种类 → 可选的目录种类（undefined = 全部）。 */
export function catalogueKindsFor(kind: CodeKind): CatalogueKind[] | undefined {
    switch (kind) {
        case '目录': return ['药品', '中药饮片', '医疗服务项目', '医用耗材'];
        case '任意': return undefined;
        default: return [kind];
    }
}
