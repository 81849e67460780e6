/**
 * 名称解析。
 *
 * 导出到全局的：规则、模板、代码集、参数（顶层的给表达式用，规则内的只给 测试 设定 用）、内置库的全局名称、枚举值、函数。
 * 表达式里的名称由内到外查找：
 *   1. 元素作用域：`明细 其中 编码 属于 X` 里的 `编码` 是元素字段（其中 / 聚合第二个参数 / 对每 的 按、其中）；
 *   2. 规则（模板）内：写在当前子句之前的 令 / 知识点 / 对每 绑定名，以及本规则的全部参数；
 *   3. 全局：顶层参数与代码集、内置全局名称、枚举值、函数。
 * 字段访问 `m.名称` 按接收者的类型查字段。
 */
import type { AstNode, AstNodeDescription, LangiumCoreServices, LangiumDocument, LocalSymbols, ReferenceInfo, Scope, ScopeOptions, Stream } from 'langium';
import { AstUtils, Cancellation, DefaultScopeComputation, DefaultScopeProvider, EMPTY_SCOPE, MultiMap, StreamScope, stream } from 'langium';
import type { Document, EnumDecl, Rule, Template } from '../generated/ast.js';
import {
    Expectation, isCodeSet, isEnumDecl, isExpectation, isForEachClause, isFunctionDecl, isGlobalDecl,
    isKnowledgeClause, isLetClause, isMemberAccess, isNameRef, isParameter, isRule, isTemplate, LevelClause, PhaseItem, AppliesClause,
    TestParameter, UseTemplateClause, MemberAccess, NameRef
} from '../generated/ast.js';
import type { Builtins } from '../builtins/builtins.js';
import type { TypeSystem } from '../typing/type-system.js';

type ScopeServices = LangiumCoreServices & {
    builtins: { Builtins: Builtins };
    typing: { TypeSystem: TypeSystem };
};

/** `适用` 可用的枚举：每个值的所属枚举决定它限定哪个维度。 */
export const APPLIES_ENUMS = ['就医类别', '机构等级', '险种类别', '机构类别'];

export class ZhishenScopeComputation extends DefaultScopeComputation {
    override async collectExportedSymbols(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<AstNodeDescription[]> {
        const root = document.parseResult.value as Document;
        const exports: AstNodeDescription[] = [];
        for (const element of root.elements ?? []) {
            const name = this.nameProvider.getName(element);
            if (name && (isRule(element) || isTemplate(element) || isCodeSet(element) || isParameter(element) || isFunctionDecl(element) || isGlobalDecl(element))) {
                exports.push(this.descriptions.createDescription(element, name, document));
            }
            if (isEnumDecl(element)) {
                for (const member of element.members) {
                    if (member.name) exports.push(this.descriptions.createDescription(member, member.name, document));
                }
            }
            if (isRule(element) || isTemplate(element)) {
                for (const clause of element.clauses) {
                    if (isParameter(clause) && clause.name) exports.push(this.descriptions.createDescription(clause, clause.name, document));
                }
            }
        }
        void cancelToken;
        return exports;
    }

    /** 局部名称由作用域提供者按子句顺序计算，这里不收集。 */
    override async collectLocalSymbols(): Promise<LocalSymbols> {
        return new MultiMap<AstNode, AstNodeDescription>();
    }
}

export class ZhishenScopeProvider extends DefaultScopeProvider {
    private readonly builtins: Builtins;
    private readonly typeSystem: () => TypeSystem;

    constructor(services: ScopeServices) {
        super(services);
        this.builtins = services.builtins.Builtins;
        this.typeSystem = () => services.typing.TypeSystem;
    }

    override getScope(context: ReferenceInfo): Scope {
        const container = context.container;
        if (isNameRef(container) && context.property === NameRef.ref) {
            return this.nameRefScope(container);
        }
        if (isMemberAccess(container) && context.property === MemberAccess.member) {
            if (!container.receiver) return EMPTY_SCOPE;
            const receiverType = this.typeSystem().typeOf(container.receiver);
            return this.createScopeForNodes(this.typeSystem().fieldsOf(receiverType));
        }
        if (container.$type === LevelClause.$type) return this.enumScope(['审核级别']);
        if (container.$type === PhaseItem.$type) return this.enumScope(['审核环节']);
        if (container.$type === AppliesClause.$type) return this.enumScope(APPLIES_ENUMS);
        if (container.$type === UseTemplateClause.$type) return this.globalOfType(['Template']);
        if (container.$type === Expectation.$type && isExpectation(container)) return this.globalOfType(['Rule']);
        if (container.$type === TestParameter.$type) return this.globalOfType(['Parameter']);
        return super.getScope(context);
    }

    /** 描述按节点缓存：内置库的字段、规则内的绑定名在每个引用处都要描述一次，而创建描述要算路径与位置（大文件里是链接的主要开销）。 */
    private readonly descriptionCache = new WeakMap<AstNode, AstNodeDescription>();

    protected override createScopeForNodes(elements: Iterable<AstNode>, outerScope?: Scope, options?: ScopeOptions): Scope {
        const descriptions = stream(elements).map(node => this.describe(node)).nonNullable();
        return new StreamScope(descriptions, outerScope, options);
    }

    private enumScope(names: string[]): Scope {
        const members = names.map(n => this.builtins.enum(n)).filter((e): e is EnumDecl => !!e).flatMap(e => e.members);
        return this.createScopeForNodes(members);
    }

    private globalOfType(types: string[]): Scope {
        const elements = stream(types).flatMap(type => this.indexManager.allElements(type));
        return new StreamScope(elements);
    }

    /** 表达式中可引用的全局名称（不含规则 / 模板，不含规则内的参数）。 */
    private globalValueScope(): Scope {
        return this.globalScopeCache.get('$values', () => {
            const descriptions = this.indexManager.allElements().filter(d => {
                switch (d.type) {
                    case 'Rule': case 'Template': return false;
                    case 'Parameter': return /^\/elements@\d+$/.test(d.path);
                    default: return true;
                }
            }).toArray();
            return new StreamScope(stream(descriptions));
        });
    }

    private nameRefScope(site: NameRef): Scope {
        let scope = this.globalValueScope();
        // 规则 / 模板内：参数（任意位置）+ 当前子句之前的绑定
        const owner = AstUtils.getContainerOfType(site, (n): n is Rule | Template => isRule(n) || isTemplate(n));
        if (owner) {
            const bindings = this.bindingsOf(owner);
            // 引用所在的子句：从引用往上走到直接挂在规则上的那个节点（不必逐个子句判断是否祖先）
            let clause: AstNode | undefined = site;
            while (clause && clause.$container !== owner) clause = clause.$container;
            const index = clause ? bindings.clauseIndex.get(clause) ?? owner.clauses.length : owner.clauses.length;
            // 对每 的绑定名在自身的 属于 / 按 / 其中 中可见
            const self = clause && isForEachClause(clause) && site !== clause.source && !isAncestor(clause.source, site) ? clause : undefined;
            scope = new BindingScope(bindings, index, self, scope);
        }
        // 元素作用域（由外到内叠加，内层优先）
        const elementTypes = this.typeSystem().implicitElementTypes(site);
        for (let i = elementTypes.length - 1; i >= 0; i--) {
            scope = this.createScopeForNodes(this.typeSystem().fieldsOf(elementTypes[i]), scope);
        }
        return scope;
    }

    /**
     * 一条规则（模板）的绑定名，按名称建一次索引：每个引用只取“所在子句之前、同名的最后一个”。
     * 原来每个引用都把之前的绑定重新列一遍再逐个比名字：两万个 令 的规则检查要 48 秒（问题 17）。
     */
    private readonly bindingCache = new WeakMap<AstNode, OwnerBindings>();

    private bindingsOf(owner: Rule | Template): OwnerBindings {
        let cached = this.bindingCache.get(owner);
        if (!cached) {
            const clauseIndex = new Map<AstNode, number>();
            const byName = new Map<string, Binding[]>();
            const ordered: Binding[] = [];
            const parameters: AstNodeDescription[] = [];
            owner.clauses.forEach((c, index) => {
                clauseIndex.set(c, index);
                const isBinding = isLetClause(c) || isKnowledgeClause(c) || isForEachClause(c);
                if (!isBinding && !isParameter(c)) return;
                const description = this.describe(c);
                if (!description) return;
                if (isParameter(c)) { parameters.push(description); return; }
                const binding = { index, node: c as AstNode, description };
                ordered.push(binding);
                const list = byName.get(description.name);
                if (list) list.push(binding); else byName.set(description.name, [binding]);
            });
            cached = { clauseIndex, byName, ordered, parameters: parameters.reverse() };
            this.bindingCache.set(owner, cached);
        }
        return cached;
    }

    private describe(node: AstNode): AstNodeDescription | undefined {
        let description = this.descriptionCache.get(node);
        if (!description) {
            const name = this.nameProvider.getName(node);
            if (!name) return undefined;
            description = this.descriptions.createDescription(node, name);
            this.descriptionCache.set(node, description);
        }
        return description;
    }
}

interface Binding { index: number; node: AstNode; description: AstNodeDescription }

interface OwnerBindings {
    clauseIndex: Map<AstNode, number>;
    /** 名称 → 同名绑定（按子句次序） */
    byName: Map<string, Binding[]>;
    ordered: Binding[];
    /** 参数（后写的在前：同名时后写的为准） */
    parameters: AstNodeDescription[];
}

/**
 * 规则内某个子句处可见的名称：子句之前的绑定（后写的遮蔽先写的）、对每 自身（在它的 属于 / 按 / 其中 里）、本规则的全部参数，
 * 再往外是 outer。与原来“之前的绑定倒序 + 参数”的列表语义相同，只是按名称直接找。
 */
class BindingScope implements Scope {
    constructor(private readonly bindings: OwnerBindings, private readonly limit: number, private readonly self: AstNode | undefined, private readonly outer: Scope) {}

    private visible(b: Binding): boolean {
        return b.index < this.limit || b.node === this.self;
    }

    private local(name: string): AstNodeDescription[] {
        const out: AstNodeDescription[] = [];
        const list = this.bindings.byName.get(name);
        if (list) for (let i = list.length - 1; i >= 0; i--) if (this.visible(list[i])) out.push(list[i].description);
        for (const p of this.bindings.parameters) if (p.name === name) out.push(p);
        return out;
    }

    getElement(name: string): AstNodeDescription | undefined {
        const list = this.bindings.byName.get(name);
        if (list) {
            // 按子句次序排好：从后往前第一个可见的（对每 自身的次序等于 limit，也算在内）
            for (let i = list.length - 1; i >= 0; i--) if (this.visible(list[i])) return list[i].description;
        }
        for (const p of this.bindings.parameters) if (p.name === name) return p;
        return this.outer.getElement(name);
    }

    getElements(name: string): Stream<AstNodeDescription> {
        return stream(this.local(name)).concat(this.outer.getElements(name));
    }

    getAllElements(): Stream<AstNodeDescription> {
        const visible: AstNodeDescription[] = [];
        const { ordered } = this.bindings;
        for (let i = ordered.length - 1; i >= 0; i--) if (this.visible(ordered[i])) visible.push(ordered[i].description);
        return stream(visible).concat(this.bindings.parameters).concat(this.outer.getAllElements());
    }
}

function isAncestor(ancestor: AstNode | undefined, node: AstNode): boolean {
    if (!ancestor) return false;
    let current: AstNode | undefined = node;
    while (current) {
        if (current === ancestor) return true;
        current = current.$container;
    }
    return false;
}

