/**
 * 注册全部校验。一个家族一个文件；这里只负责把检查挂到 AST 类型上。
 * 分类：'fast' 每次编辑都跑；'slow'（跨文件、知识库）在编辑器里可延后。
 */
import type { ValidationChecks } from 'langium';
import { AstUtils, EmptyFileSystemProvider, UriUtils } from 'langium';
import { report } from './report.js';
import type { ZhishenAstType } from '../generated/ast.js';
import type { ZhishenServices } from '../zhishen-module.js';
import { KbChecks } from './kb-checks.js';
import { LogicChecks } from './logic-checks.js';
import { NameChecks } from './name-checks.js';
import { StructureChecks } from './structure-checks.js';
import { TypeChecks } from './type-checks.js';

export function registerValidationChecks(services: ZhishenServices): void {
    const registry = services.validation.ValidationRegistry;
    const structure = new StructureChecks(services.deployment.Settings);
    const types = new TypeChecks(services.typing.TypeSystem);
    const names = new NameChecks(services.shared.workspace.IndexManager, services.builtins.Builtins);
    const kb = new KbChecks(services.typing.TypeSystem, services.kb.KnowledgeBaseProvider);
    const logic = new LogicChecks();

    const fast: ValidationChecks<ZhishenAstType> = {
        Rule: [
            (n, a) => structure.checkRule(n, a),
            (n, a) => names.checkOwner(n, a),
            (n, a) => logic.checkOwner(n, a)
        ],
        Template: [
            (n, a) => structure.checkTemplate(n, a),
            (n, a) => names.checkOwner(n, a),
            (n, a) => logic.checkOwner(n, a)
        ],
        ForEachClause: [(n, a) => structure.checkForEach(n, a), (n, a) => types.checkForEach(n, a)],
        PhaseItem: (n, a) => structure.checkPhaseItem(n, a),
        TestCase: (n, a) => structure.checkTestCase(n, a),
        RecordDecl: (n, a) => structure.checkBuiltinOnly(n, a),
        EnumDecl: (n, a) => structure.checkBuiltinOnly(n, a),
        FunctionDecl: (n, a) => structure.checkBuiltinOnly(n, a),
        GlobalDecl: (n, a) => structure.checkBuiltinOnly(n, a),
        Expression: (n, a) => types.checkExpression(n, a),
        NumberLiteral: (n, a) => types.checkNumberLiteral(n, a),
        DateLiteral: (n, a) => types.checkDateLiteral(n, a),
        WhenClause: (n, a) => types.checkWhen(n, a),
        OnlyIfClause: (n, a) => types.checkOnlyIf(n, a),
        ViolationClause: (n, a) => types.checkViolation(n, a),
        InvolvedClause: (n, a) => types.checkInvolved(n, a),
        AmountClause: (n, a) => types.checkAmount(n, a),
        BasisClause: (n, a) => types.checkBasis(n, a),
        MessageClause: (n, a) => types.checkMessage(n, a),
        Parameter: [(n, a) => types.checkParameter(n, a), (n, a) => names.checkDefinitionCycle(n, a)],
        CodeSet: (n, a) => names.checkDefinitionCycle(n, a),
        Expectation: (n, a) => types.checkExpectation(n, a),
        Binary: (n, a) => logic.checkRegex(n, a),
        Filter: (n, a) => logic.checkFilterConjunction(n, a),
        NameRef: (n, a) => logic.checkCallPatterns(n, a)
    };
    registry.register(fast, undefined, 'fast');

    const slow: ValidationChecks<ZhishenAstType> = {
        Document: (n, a) => names.checkDocument(n, a),
        TextLiteral: (n, a) => kb.checkTextLiteral(n, a),
        KnowledgeClause: (n, a) => kb.checkKnowledgeClause(n, a),
        UseTemplateClause: (n, a) => kb.checkUseTemplate(n, a),
        NameRef: (n, a) => kb.checkCall(n, a),
        // 测试引用的理赔文件是否存在（只在有真实文件系统时检查：浏览器与内存文档跳过）
        ClaimSource: async (n, a) => {
            const fileSystem = services.shared.workspace.FileSystemProvider;
            if (!n.file || fileSystem instanceof EmptyFileSystemProvider) return;
            const uri = AstUtils.getDocument(n).uri;
            if (uri.scheme !== 'file') return;
            try {
                await fileSystem.readFile(UriUtils.resolvePath(UriUtils.dirname(uri), n.file));
            } catch {
                report(a, 'ZS0217', { file: n.file }, { node: n, property: 'file' });
            }
        }
    };
    registry.register(slow, undefined, 'slow');
}
