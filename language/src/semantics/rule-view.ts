/**
 * 把规则的平铺子句整理成结构化视图：元数据、参数、知识点、行级推导、作用域、步骤、结果。
 * 校验器和编译器（lower 阶段）都从这里读规则，避免各自解释子句顺序。
 *
 * 约定（也是语言的语义）：
 * - 子句按书写顺序执行；`对每…` 之前的 令 / 当 对整次就诊求值一次，之后的对作用域中每个元素求值；
 * - `知识点 k 来自 "表"` 使规则按表中每一行各适用一次；k 与参数推出的 令、仅当 在编译时按行计算；
 * - 结果子句（违规、金额、涉及、提示、依据）位置不限，最后统一产出审核结果。
 */
import type { AstNode } from 'langium';
import { AstUtils } from 'langium';
import type {
    AmountClause, AppliesClause, BasisClause, CategoryClause, ForEachClause, InvolvedClause, KnowledgeClause, LetClause,
    LevelClause, MessageClause, StatisticClause, NameRef, NoteClause, OnlyIfClause, Parameter, PhaseClause, Rule, Template, UseTemplateClause, ViolationClause,
    WhenClause
} from '../generated/ast.js';
import {
    isAmountClause, isAppliesClause, isBasisClause, isCategoryClause, isForEachClause, isInvolvedClause, isKnowledgeClause, isLetClause,
    isLevelClause, isMessageClause, isStatisticClause, isNameRef, isNoteClause, isOnlyIfClause, isParameter, isPhaseClause, isUseTemplateClause, isViolationClause,
    isWhenClause
} from '../generated/ast.js';

export type Step = LetClause | WhenClause;

export interface RuleView {
    rule: Rule;
    /** 规则逻辑所在的节点：规则本身，或套用的模板 */
    body: Rule | Template;
    template?: Template;
    useTemplate?: UseTemplateClause;
    category?: CategoryClause;
    level?: LevelClause;
    phases: PhaseClause[];
    applies: AppliesClause[];
    notes: NoteClause[];
    /** 规则与模板的依据（规则在前） */
    basis: BasisClause[];
    /** 生效参数：模板参数被规则中同名参数覆盖 */
    parameters: Parameter[];
    knowledge?: KnowledgeClause;
    /** 知识点表名：规则的 来自 / 套用…于，或模板的 来自 */
    table?: string;
    /** 编译时按知识点行求值的 令（只依赖知识点、参数与其他行级 令） */
    rowLets: LetClause[];
    onlyIf: OnlyIfClause[];
    forEach?: ForEachClause;
    /** 作用域之前的步骤（整次就诊求值一次） */
    preSteps: Step[];
    /** 作用域之内的步骤 */
    steps: Step[];
    violation?: ViolationClause;
    amount?: AmountClause;
    involved: InvolvedClause[];
    message?: MessageClause;
    /** 指标 子句（统计组规则：统计量与对比的同级值） */
    statistic?: StatisticClause;
}

export function ruleView(rule: Rule): RuleView {
    const useTemplate = rule.clauses.find(isUseTemplateClause);
    const template = useTemplate?.template?.ref;
    const body: Rule | Template = template ?? rule;
    const metaSource = rule.clauses;
    const logic = body.clauses;

    const ruleParams = rule.clauses.filter(isParameter);
    const templateParams = template ? template.clauses.filter(isParameter) : [];
    const overridden = new Set(ruleParams.map(p => p.name));
    const parameters = [...templateParams.filter(p => !overridden.has(p.name)), ...ruleParams];

    const knowledge = logic.find(isKnowledgeClause);
    const table = (useTemplate?.table ?? rule.clauses.find(isKnowledgeClause)?.table ?? knowledge?.table)?.trim();

    const forEachIndex = logic.findIndex(isForEachClause);
    const forEach = forEachIndex >= 0 ? logic[forEachIndex] as ForEachClause : undefined;
    const before = forEachIndex >= 0 ? logic.slice(0, forEachIndex) : logic;
    const after = forEachIndex >= 0 ? logic.slice(forEachIndex + 1) : [];

    const rowLets: LetClause[] = [];
    const preSteps: Step[] = [];
    // 行级 令 只依赖知识点与其他行级 令（不依赖参数：参数可在部署时覆盖，所以在运行时求值）
    const rowNames = new Set<AstNode>(knowledge ? [knowledge] : []);
    for (const clause of before) {
        if (isLetClause(clause)) {
            if (knowledge && dependsOnlyOn(clause.value, rowNames)) {
                rowLets.push(clause);
                rowNames.add(clause);
            } else {
                preSteps.push(clause);
            }
        } else if (isWhenClause(clause)) {
            preSteps.push(clause);
        }
    }
    const steps: Step[] = after.filter((c): c is Step => isLetClause(c) || isWhenClause(c));
    return {
        rule,
        body,
        template,
        useTemplate,
        category: metaSource.find(isCategoryClause),
        level: metaSource.find(isLevelClause),
        phases: metaSource.filter(isPhaseClause),
        applies: [...metaSource.filter(isAppliesClause)],
        notes: metaSource.filter(isNoteClause),
        basis: [...rule.clauses.filter(isBasisClause), ...(template ? template.clauses.filter(isBasisClause) : [])],
        parameters,
        knowledge,
        table,
        rowLets,
        onlyIf: logic.filter(isOnlyIfClause),
        forEach,
        preSteps,
        steps,
        violation: logic.find(isViolationClause),
        amount: logic.find(isAmountClause),
        involved: logic.filter(isInvolvedClause),
        message: logic.find(isMessageClause),
        statistic: logic.find(isStatisticClause)
    };
}

/** 表达式中的名称是否只指向给定集合中的声明（或内置函数 / 枚举值 / 字面量）。 */
export function dependsOnlyOn(expression: AstNode | undefined, allowed: Set<AstNode>): boolean {
    if (!expression) return true;
    let ok = true;
    visitNameTargets(expression, target => {
        const type = target.$type;
        if (type === 'FunctionDecl' || type === 'EnumMember' || type === 'CodeSet') return;
        if (type === 'Parameter' && !isRuleLocal(target)) return;
        if (type === 'FieldDecl') return; // 元素字段：由接收者决定
        if (!allowed.has(target)) ok = false;
    });
    return ok;
}

function isRuleLocal(node: AstNode): boolean {
    const container = node.$container;
    return container?.$type === 'Rule' || container?.$type === 'Template';
}

/** 遍历表达式中所有名称引用所指的声明。 */
export function visitNameTargets(expression: AstNode, visit: (target: AstNode, site: NameRef) => void): void {
    for (const node of AstUtils.streamAst(expression)) {
        if (isNameRef(node) && node.ref?.ref) visit(node.ref.ref, node);
    }
}
