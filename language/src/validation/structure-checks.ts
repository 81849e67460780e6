/**
 * 规则结构：元数据齐全、子句不重复、作用域唯一、子句顺序、模板与知识点、测试块完整、内置声明只在内置库。
 */
import { DeploymentSettings } from '../workspace/deployment.js';
import type { AstNode, ValidationAcceptor } from 'langium';
import { AstUtils } from 'langium';
import type {
    CategoryClause, Clause, EnumDecl, ForEachClause, FunctionDecl, GlobalDecl, JsonObject, OnlyIfClause, PhaseItem, RecordDecl, Rule, Template, TestCase
} from '../generated/ast.js';
import {
    isAmountClause, isCategoryClause, isClaimSource, isExpectation, isForEachClause, isInvolvedClause, isKnowledgeClause,
    isLetClause, isLevelClause, isMessageClause, isOnlyIfClause, isPhaseClause, isAppliesClause, isRule, isTemplate, isUseTemplateClause,
    isViolationClause, isWhenClause, isNameRef, isGlobalDecl, isPeerStatistic, isStatisticClause
} from '../generated/ast.js';
import type { Expression } from '../generated/ast.js';
import { isPreludeUri } from '../builtins/load-prelude.js';
import { forEachKind } from '../typing/operators.js';
import { dependsOnlyOn, ruleView } from '../semantics/rule-view.js';
import { report } from './report.js';
import { RULE_CATEGORIES, isRuleCategory } from '../kb/rule-categories.js';
import { editDistance, suggestionText } from '../util/suggest.js';
import { isPopulationSource, isSourceName, phaseOfScene } from '@zhishen/runtime';

/** 表达式是不是筛查集合的来源（全体就诊 / 全体明细，可带 其中、近 …）。 */
function isPopulationRef(e: Expression | undefined): boolean {
    if (!e) return false;
    if (isNameRef(e)) {
        const target = e.ref?.ref;
        return isGlobalDecl(target) && isPopulationSource(target.source);
    }
    const source = (e as { source?: Expression }).source;
    return e.$type === 'Filter' || e.$type === 'Window' ? isPopulationRef(source) : false;
}

/**
 * 最接近的至多 3 个分类：编辑距离减去共有字数的一半（“药品政策类”先得 药品政策限定类，而不是同样差两个字的 药品监管类），
 * 至少有两个字相同才建议；同分时二级（更具体）在前。
 */
function nearestCategories(value: string, candidates: string[]): string[] {
    const chars = new Set(value);
    return candidates
        .map((candidate, order) => {
            const common = [...new Set(candidate)].filter(c => chars.has(c)).length;
            return { candidate, order, common, score: editDistance(value, candidate) - common / 2 };
        })
        .filter(c => c.common >= 2)
        .sort((a, b) => a.score - b.score || a.order - b.order)
        .slice(0, 3)
        .map(c => c.candidate);
}

const CLAUSE_LABEL: Record<string, string> = {
    CategoryClause: '分类', LevelClause: '级别', PhaseClause: '环节', AppliesClause: '适用', BasisClause: '依据', NoteClause: '说明',
    Parameter: '参数', KnowledgeClause: '知识点', UseTemplateClause: '套用', LetClause: '令', OnlyIfClause: '仅当',
    ForEachClause: '对每…', WhenClause: '当', ViolationClause: '违规', AmountClause: '金额', InvolvedClause: '涉及', MessageClause: '提示',
    StatisticClause: '指标'
};

const SINGLE_CLAUSES = ['CategoryClause', 'LevelClause', 'KnowledgeClause', 'UseTemplateClause', 'ViolationClause', 'AmountClause', 'MessageClause', 'StatisticClause'];

const LOGIC_CLAUSES = ['KnowledgeClause', 'LetClause', 'OnlyIfClause', 'ForEachClause', 'WhenClause', 'ViolationClause', 'AmountClause', 'InvolvedClause', 'MessageClause', 'StatisticClause'];

export class StructureChecks {
    constructor(private readonly deployment: DeploymentSettings = new DeploymentSettings()) {}

    checkRule(rule: Rule, accept: ValidationAcceptor): void {
        const name = rule.name ?? '';
        this.checkDuplicateClauses(rule.clauses, '规则', accept);
        const view = ruleView(rule);
        if (view.useTemplate) {
            for (const clause of rule.clauses) {
                if (LOGIC_CLAUSES.includes(clause.$type) && clause.$type !== 'UseTemplateClause') {
                    report(accept, 'ZS0211', { clause: CLAUSE_LABEL[clause.$type] }, { node: clause });
                }
            }
            const template = view.template;
            if (template && template.clauses.some(isKnowledgeClause) && !view.table) {
                report(accept, 'ZS0212', { template: template.name }, { node: view.useTemplate, property: 'template' });
            }
        }
        // 规则里有语法错误时，缺少元数据多半是恢复造成的假象：先只报语法错误
        if (hasSyntaxErrorInside(rule)) return;
        if (!view.level) report(accept, 'ZS0201', { name }, { node: rule, property: 'name' });
        if (view.phases.length === 0) report(accept, 'ZS0202', { name }, { node: rule, property: 'name' });
        if (!view.category) report(accept, 'ZS0203', { name }, { node: rule, property: 'name' });
        else this.checkCategory(view.category, accept);
        if (view.basis.length === 0) report(accept, 'ZS0204', { name }, { node: rule, property: 'name' });
        this.checkPopulation(rule, accept);
        if (!view.useTemplate) {
            this.checkLogic(rule, '规则', accept);
            const knowledge = rule.clauses.find(isKnowledgeClause);
            if (knowledge && !knowledge.table) report(accept, 'ZS0210', {}, { node: knowledge });
        }
    }

    /** 分类只能是两库规则库（2025 年版）的一级或二级分类（ZS0225）；快速修复换成最接近的。 */
    private checkCategory(clause: CategoryClause, accept: ValidationAcceptor): void {
        const value = String(clause.value ?? '').trim();
        if (!value || isRuleCategory(value)) return;
        const second = Object.values(RULE_CATEGORIES).flat();
        const nearest = nearestCategories(value, [...second, ...Object.keys(RULE_CATEGORIES)]);
        const options = second.join('、');
        report(accept, 'ZS0225', { name: value, suggestion: suggestionText(nearest, ''), options },
            { node: clause, property: 'value', replacements: nearest });
    }

    /**
     * 跨理赔（筛查集合）：读 全体就诊 / 全体明细 的规则只能在 事后 运行，除非部署配置了历史来源（ZS0222，DeploymentSettings）；同级 与 指标 只用于统计组规则
     * （对每组 全体就诊 g 按 …，ZS0223）；统计组规则没有“本次”患者与就诊，不能读本次请求的来源（ZS0224）。
     */
    private checkPopulation(rule: Rule, accept: ValidationAcceptor): void {
        const view = ruleView(rule);
        const body = view.body;
        const forEach = view.forEach;
        const cohort = !!forEach && forEachKind(forEach.kind) !== 'day' && forEachKind(forEach.kind) !== 'hour' && forEach.keys.length > 0
            && isPopulationRef(forEach.source);
        const used: string[] = [];
        for (const node of AstUtils.streamAllContents(body)) {
            if (isNameRef(node)) {
                const target = node.ref?.ref;
                if (!isGlobalDecl(target) || !isSourceName(target.source)) continue;
                if (isPopulationSource(target.source)) {
                    if (!used.includes(target.name)) used.push(target.name);
                } else if (cohort) {
                    report(accept, 'ZS0224', { name: target.name }, { node });
                }
            } else if (isPeerStatistic(node) && !cohort) {
                report(accept, 'ZS0223', { what: '同级 比较' }, { node });
            } else if (isStatisticClause(node) && !cohort) {
                report(accept, 'ZS0223', { what: '指标 子句' }, { node });
            }
        }
        if (used.length === 0) return;
        const phases = view.phases.flatMap(c => c.phases.map(p => p.phase?.ref?.name));
        const realtime = phases.filter((p): p is string => p === '事前' || p === '事中');
        if (view.phases.length > 0 && realtime.length > 0 && this.deployment.historySource === undefined) {
            const clause = view.phases[0];
            report(accept, 'ZS0222', { name: rule.name ?? '', what: used.join('、'), phases: realtime.join('、') }, { node: clause });
        }
    }

    checkTemplate(template: Template, accept: ValidationAcceptor): void {
        this.checkDuplicateClauses(template.clauses, '模板', accept);
        for (const clause of template.clauses) {
            if (isLevelClause(clause) || isPhaseClause(clause) || isCategoryClause(clause) || isAppliesClause(clause) || isUseTemplateClause(clause)) {
                report(accept, 'ZS0214', { clause: CLAUSE_LABEL[clause.$type] }, { node: clause });
            }
        }
        this.checkLogic(template, '模板', accept);
    }

    private checkDuplicateClauses(clauses: Clause[], owner: string, accept: ValidationAcceptor): void {
        const seen = new Set<string>();
        for (const clause of clauses) {
            if (!SINGLE_CLAUSES.includes(clause.$type)) continue;
            if (seen.has(clause.$type)) report(accept, 'ZS0206', { clause: CLAUSE_LABEL[clause.$type], owner }, { node: clause });
            seen.add(clause.$type);
        }
        if (clauses.filter(isPhaseClause).length > 1) {
            report(accept, 'ZS0206', { clause: '环节', owner }, { node: clauses.filter(isPhaseClause)[1] });
        }
    }

    /** 规则逻辑（规则本身或模板）：作用域唯一、有违规、子句顺序、仅当只看知识点。 */
    private checkLogic(owner: Rule | Template, ownerLabel: string, accept: ValidationAcceptor): void {
        if (hasSyntaxErrorInside(owner)) return;
        const clauses = owner.clauses;
        const forEaches = clauses.filter(isForEachClause);
        for (const extra of forEaches.slice(1)) report(accept, 'ZS0208', {}, { node: extra });
        if (!clauses.some(isViolationClause)) {
            report(accept, 'ZS0207', { owner: ownerLabel, name: owner.name ?? '' }, { node: owner, property: 'name' });
        }
        let outcomeSeen: Clause | undefined;
        for (const clause of clauses) {
            if (isViolationClause(clause) || isAmountClause(clause) || isInvolvedClause(clause) || isMessageClause(clause)) {
                outcomeSeen ??= clause;
            } else if (outcomeSeen && (isWhenClause(clause) || isLetClause(clause) || isForEachClause(clause))) {
                report(accept, 'ZS0209', { clause: CLAUSE_LABEL[clause.$type], after: CLAUSE_LABEL[outcomeSeen.$type] }, { node: clause });
            }
        }
        const knowledge = clauses.find(isKnowledgeClause);
        const forEachIndex = clauses.findIndex(isForEachClause);
        if (knowledge && forEachIndex >= 0 && clauses.indexOf(knowledge) > forEachIndex) {
            report(accept, 'ZS0209', { clause: '知识点', after: '对每…' }, { node: knowledge });
        }
        const onlyIfs = clauses.filter(isOnlyIfClause);
        if (onlyIfs.length > 0) this.checkOnlyIf(owner, onlyIfs, accept);
    }

    private checkOnlyIf(owner: Rule | Template, onlyIfs: OnlyIfClause[], accept: ValidationAcceptor): void {
        const allowed = new Set<AstNode>();
        for (const clause of owner.clauses) {
            if (isKnowledgeClause(clause) || clause.$type === 'Parameter') allowed.add(clause);
        }
        // 行级 令：只依赖知识点与参数的 令（按顺序推进）
        for (const clause of owner.clauses) {
            if (isForEachClause(clause)) break;
            if (isLetClause(clause) && dependsOnlyOn(clause.value, allowed)) allowed.add(clause);
        }
        for (const onlyIf of onlyIfs) {
            if (!onlyIf.condition) continue;
            for (const node of AstUtils.streamAst(onlyIf.condition)) {
                if (node.$type !== 'NameRef') continue;
                const target = (node as { ref?: { ref?: AstNode } }).ref?.ref;
                if (!target) continue;
                const ok = ['FunctionDecl', 'EnumMember', 'CodeSet', 'FieldDecl'].includes(target.$type)
                    || (target.$type === 'Parameter' && !(isRule(target.$container) || isTemplate(target.$container)))
                    || allowed.has(target);
                if (!ok) {
                    report(accept, 'ZS0213', { name: (target as { name?: string }).name ?? '' }, { node });
                }
            }
        }
    }

    checkForEach(forEach: ForEachClause, accept: ValidationAcceptor): void {
        if (forEachKind(forEach.kind) === 'group' && forEach.keys.length === 0) {
            report(accept, 'ZS0221', {}, { node: forEach, property: 'kind' });
        }
    }

    checkPhaseItem(item: PhaseItem, accept: ValidationAcceptor): void {
        const phase = item.phase?.ref?.name;
        item.scenes.forEach((text, index) => {
            const scene = Number(text);
            const actual = phaseOfScene(scene);
            if (!actual) {
                report(accept, 'ZS0218', { code: text }, { node: item, property: 'scenes', index });
            } else if (phase && phase !== actual) {
                report(accept, 'ZS0219', { code: text, actual, phase }, { node: item, property: 'scenes', index });
            }
        });
    }

    checkTestCase(test: TestCase, accept: ValidationAcceptor): void {
        if (hasSyntaxErrorInside(test)) return;
        const name = test.name ?? '';
        if (!test.items.some(isClaimSource)) report(accept, 'ZS0215', { name }, { node: test, property: 'name' });
        if (!test.items.some(isExpectation)) report(accept, 'ZS0216', { name }, { node: test, property: 'name' });
        for (const item of test.items) {
            if (isClaimSource(item) && item.json) this.checkClaimShape(item.json, accept);
        }
    }

    private checkClaimShape(json: JsonObject, accept: ValidationAcceptor): void {
        const keys = json.members.map(m => m.key);
        if (!keys.includes('patient_dtos')) {
            report(accept, 'ZS0220', { field: 'patient_dtos' }, { node: json });
        }
    }

    checkBuiltinOnly(node: RecordDecl | EnumDecl | FunctionDecl | GlobalDecl, accept: ValidationAcceptor): void {
        const document = AstUtils.getDocument(node);
        if (isPreludeUri(document.uri)) return;
        const what = { RecordDecl: '记录', EnumDecl: '枚举', FunctionDecl: '函数', GlobalDecl: '全局' }[node.$type];
        report(accept, 'ZS0205', { what }, { node, keyword: undefined });
    }
}


/** 节点范围内（到下一个同级元素之前）是否有语法错误：错误恢复常把规则截断，错误落在截断处之后。 */
export function hasSyntaxErrorInside(node: AstNode): boolean {
    const cst = node.$cstNode;
    const errors = AstUtils.getDocument(node).parseResult.parserErrors;
    if (!cst || errors.length === 0) return false;
    const start = cst.offset;
    let end = Number.MAX_SAFE_INTEGER;
    const siblings = (node.$container as { elements?: AstNode[] } | undefined)?.elements;
    if (siblings) {
        const next = siblings[siblings.indexOf(node) + 1];
        if (next?.$cstNode) end = next.$cstNode.offset - 1;
    } else {
        end = cst.end;
    }
    return errors.some(error => {
        let offset = error.token.startOffset;
        if (Number.isNaN(offset)) offset = (error as { previousToken?: { endOffset?: number } }).previousToken?.endOffset ?? NaN;
        return !Number.isNaN(offset) && offset >= start && offset <= end;
    });
}
