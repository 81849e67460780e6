/**
 * zhishen build：规则 + 知识库 →（pack.mjs, pack.mjs.map, pack.manifest.json）。
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import pc from 'picocolors';
import { derivedParameters, derivedTsv, interpretPack, printIr, STAGES } from '@zhishen/compiler';
import type { CompileOutput, Stage } from '@zhishen/compiler';
import { projectConfigFor, loadKb, resolveRulePaths, displayPath, UserError } from '../project.js';
import { commonRoot, openRules, printCompileDiagnostics, readConfig } from '../packs.js';

export interface BuildOptions {
    kb?: string[];
    output?: string;
    config?: string;
    emitIr?: string;
    /** 打印某个阶段之后的 IR（文本）到标准输出，不写规则包 */
    dumpIr?: string;
    runtime?: string;
    /** 逐知识点列出从限定条件推出的参数（TSV），「-」为标准输出 */
    derived?: string;
    /** 构建目标：pack（规则包，默认）或 spark（Spark 作业文件夹） */
    target?: string;
}

/** --dump-ir 可选的阶段：lower 到 dispatch（IR 阶段）。 */
export const DUMP_STAGES: readonly Stage[] = STAGES.filter(s => s !== 'resolve' && s !== 'emit');

export async function buildCommand(paths: string[], options: BuildOptions): Promise<number> {
    const project = projectConfigFor(paths);
    const files = resolveRulePaths(paths, project);
    const kb = await loadKb(options.kb, project);
    const out = resolve(options.output ?? 'pack.mjs');
    // 配置对照的是编译出来的规则包，由编译器校验（这里只读 JSON）
    const { raw: rawConfig } = readConfig(options.config ?? project?.config, undefined);
    const root = commonRoot(files);
    if (options.dumpIr !== undefined && !DUMP_STAGES.includes(options.dumpIr as Stage)) {
        throw new UserError(`--dump-ir 的阶段「${options.dumpIr}」不存在；可选：${DUMP_STAGES.join('、')}`);
    }
    const started = performance.now();
    if (options.target !== undefined && options.target !== 'pack' && options.target !== 'spark') throw new UserError(`构建目标「${options.target}」不存在；可选：pack、spark`);
    const session = await openRules(files, kb, { config: rawConfig, emit: { fileName: basename(out), runtimeImport: options.runtime } });
    if (options.dumpIr !== undefined) {
        const staged = session.ir(options.dumpIr as Stage);
        if (!staged.ok || !staged.ir) {
            printCompileDiagnostics(staged.diagnostics.filter(d => d.severity === 'error'), root);
            return 1;
        }
        process.stdout.write(printIr(staged.ir, { instances: 5 }));
        return 0;
    }
    const output = session.compile();
    const elapsed = performance.now() - started;
    const errors = output.diagnostics.filter(d => d.severity === 'error');
    if (!output.ok || !output.result) {
        printCompileDiagnostics(errors, root);
        process.stderr.write(pc.red(`构建失败：${errors.length} 个错误（zhishen check 查看详情）。\n`));
        return 1;
    }
    if (options.target === 'spark') return writeSparkTarget(resolve(options.output ?? 'job'), output, options.config ?? project?.config, elapsed);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, output.result.code);
    writeFileSync(out + '.map', output.result.sourceMap);
    const manifestFile = out.replace(/\.m?js$/, '') + '.manifest.json';
    writeFileSync(manifestFile, JSON.stringify(output.result.manifest, null, 2) + '\n');
    if (options.emitIr) writeFileSync(resolve(options.emitIr), JSON.stringify(output.ir, null, 2) + '\n');
    if (options.derived && output.ir) {
        const tsv = derivedTsv(derivedParameters(output.ir));
        if (options.derived === '-') process.stdout.write(tsv);
        else writeFileSync(resolve(options.derived), tsv);
    }

    const manifest = output.result.manifest;
    const instances = manifest.rules.reduce((n, r) => n + r.instances, 0);
    const inactive = manifest.rules.reduce((n, r) => n + r.inactive, 0);
    const lines = [
        pc.green(`已生成规则包 ${displayPath(out)}`) + pc.dim(`（${(output.result.code.length / 1024).toFixed(0)} KB，id ${manifest.id}）`),
        `  规则 ${manifest.rules.length} 条，实例 ${instances} 个${inactive > 0 ? `，未生效的知识点 ${inactive} 个` : ''}；知识库 ${manifest.kb ? manifest.kb.name : '（无）'}`,
        `  manifest ${displayPath(manifestFile)}，source map ${displayPath(out + '.map')}`
    ];
    if (options.derived && options.derived !== '-') lines.push(`  推出的参数 ${displayPath(resolve(options.derived))}`);
    for (const rule of manifest.rules) {
        if (!rule.inactiveReasons) continue;
        const reasons = Object.entries(rule.inactiveReasons).map(([reason, n]) => `${reason} ×${n}`).join('；');
        lines.push(pc.dim(`  ${rule.id} ${rule.name}：${rule.instances} 行生效，${rule.inactive} 行未生效（${reasons}）`));
    }
    for (const dropped of manifest.dropped) lines.push(pc.yellow(`  已删去 ${dropped.rule}：${dropped.reason}`));
    const timing = Object.entries(output.timings).map(([stage, ms]) => `${stage} ${ms.toFixed(0)}ms`).join(' · ');
    lines.push(pc.dim(`  用时 ${elapsed.toFixed(0)}ms（${timing}）`));
    // --derived - 时 TSV 在标准输出，汇总写到标准错误
    (options.derived === '-' ? process.stderr : process.stdout).write(lines.join('\n') + '\n');
    return 0;
}

/** --target spark：Spark 作业文件夹（计划、数据表、驱动程序；见 compiler/src/backends/spark/job.ts）。 */
async function writeSparkTarget(dir: string, output: CompileOutput, configFile: string | undefined, elapsed: number): Promise<number> {
    const { writeScreenJob } = await import('@zhishen/store');
    const ir = output.ir!;
    const pack = interpretPack(ir, output.result!.manifest.id);
    const { config } = readConfig(configFile, pack);
    rmSync(dir, { recursive: true, force: true });
    const job = writeScreenJob(dir, { ir, pack, config });
    const rows = job.plan.tables.reduce((n, t) => n + t.rows, 0);
    const lines = [
        pc.green(`已生成 Spark 作业 ${displayPath(dir)}`) + pc.dim(`（id ${pack.manifest.id}，${(elapsed / 1000).toFixed(2)} 秒）`),
        `  规则 ${job.plan.rules.length} 条以 Spark SQL 运行；数据表 ${job.plan.tables.length} 张（${rows} 行），计划 ${displayPath(join(dir, 'plan.json'))}`,
        `  筛查：spark-submit --master local[2] ${displayPath(join(dir, 'screen_claims.py'))} --claims 理赔.ndjson… -o 结果.ndjson --summary 汇总.json`,
        pc.dim(`  只出命中行：spark-submit ${displayPath(join(dir, 'driver.py'))} --store-parquet 理赔表文件夹 --hits 命中行.ndjson`)
    ];
    if (job.plan.unsupported.length > 0) {
        lines.push(pc.yellow(`  有 ${job.plan.unsupported.length} 条规则 SQL 后端还不能运行，不在作业里：`));
        for (const u of job.plan.unsupported.slice(0, 10)) lines.push(pc.yellow(`    ${u.rule}：${u.reason}`));
        if (job.plan.unsupported.length > 10) lines.push(pc.dim(`    …… 另有 ${job.plan.unsupported.length - 10} 条`));
    }
    process.stderr.write(lines.join('\n') + '\n');
    return 0;
}
