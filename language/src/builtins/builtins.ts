/**
 * 内置库的查询服务：按名称取记录、枚举、函数、全局名称的声明（AST 节点，来自 prelude 文档）。
 */
import type { LangiumDocuments } from 'langium';
import { URI } from 'langium';
import type { Document, EnumDecl, EnumMember, FieldDecl, FunctionDecl, GlobalDecl, RecordDecl } from '../generated/ast.js';
import { isEnumDecl, isFunctionDecl, isGlobalDecl, isRecordDecl } from '../generated/ast.js';
import { PRELUDE_URI } from './prelude.js';
import type { RecordKind } from '@zhishen/runtime';
import { isRecordKind } from '@zhishen/runtime';

export interface BuiltinTables {
    records: Map<string, RecordDecl>;
    byKind: Map<RecordKind, RecordDecl>;
    enums: Map<string, EnumDecl>;
    functions: Map<string, FunctionDecl>;
    globals: Map<string, GlobalDecl>;
    /** 枚举值名称 → 所属枚举（枚举值名称在内置库中唯一） */
    enumOfMember: Map<string, EnumDecl>;
}

export class Builtins {
    private tables?: BuiltinTables;
    private document?: Document;

    constructor(private readonly documents: () => LangiumDocuments) {}

    private load(): BuiltinTables {
        const uri = URI.parse(PRELUDE_URI);
        const docs = this.documents();
        const root = docs.hasDocument(uri) ? docs.getDocument(uri)!.parseResult.value as Document : undefined;
        if (this.tables && root === this.document) return this.tables;
        const tables: BuiltinTables = { records: new Map(), byKind: new Map(), enums: new Map(), functions: new Map(), globals: new Map(), enumOfMember: new Map() };
        for (const element of root?.elements ?? []) {
            if (isRecordDecl(element)) {
                tables.records.set(element.name, element);
                if (isRecordKind(element.kind)) tables.byKind.set(element.kind, element);
            }
            else if (isEnumDecl(element)) {
                tables.enums.set(element.name, element);
                for (const member of element.members) tables.enumOfMember.set(member.name, element);
            } else if (isFunctionDecl(element)) tables.functions.set(element.name, element);
            else if (isGlobalDecl(element)) tables.globals.set(element.name, element);
        }
        this.document = root;
        this.tables = tables;
        return tables;
    }

    get loaded(): boolean {
        return this.load().records.size > 0;
    }

    record(name: string): RecordDecl | undefined {
        return this.load().records.get(name);
    }

    /** 按运行时记录种类（记录 明细 = line 的 line）取记录声明。 */
    recordOfKind(kind: RecordKind): RecordDecl | undefined {
        return this.load().byKind.get(kind);
    }

    enum(name: string): EnumDecl | undefined {
        return this.load().enums.get(name);
    }

    function(name: string): FunctionDecl | undefined {
        return this.load().functions.get(name);
    }

    global(name: string): GlobalDecl | undefined {
        return this.load().globals.get(name);
    }

    field(recordName: string, fieldName: string): FieldDecl | undefined {
        return this.record(recordName)?.fields.find(f => f.name === fieldName);
    }

    enumMember(enumName: string, memberName: string): EnumMember | undefined {
        return this.enum(enumName)?.members.find(m => m.name === memberName);
    }

    enumOfMember(memberName: string): EnumDecl | undefined {
        return this.load().enumOfMember.get(memberName);
    }

    allRecords(): RecordDecl[] {
        return [...this.load().records.values()];
    }

    allEnums(): EnumDecl[] {
        return [...this.load().enums.values()];
    }

    allFunctions(): FunctionDecl[] {
        return [...this.load().functions.values()];
    }

    allGlobals(): GlobalDecl[] {
        return [...this.load().globals.values()];
    }
}
