/**
 * 在 Spark 上运行 SQL 后端的 Spark 方言：写 Spark 作业（compiler 的 sparkJob + spark/ 下的 Python 驱动程序），
 * 把理赔库的表导出为 Parquet，经 spark-submit 执行，读回命中行。命中行的列与 DuckDB 上相同，结果组装与 DuckDB 引擎共用
 * screenStore 的 assemble（运行时的 buildFinding / assembleFindings），所以两个引擎的结果逐字节相同（tests/spark 核对）。
 *
 * 找 Spark：SPARK_HOME/bin/spark-submit，PATH 上的 spark-submit，再是 scripts/install-spark.sh 装的虚拟环境
 * （$ZHISHEN_SPARK_VENV，默认 ~/.cache/zhishen/spark-venv）；Java：JAVA_HOME/bin/java 或 PATH 上的 java。找不到时给中文错误，写明装什么。
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { SPARK, sparkJob, sparkJobOf } from '@zhishen/compiler';
import type { IrPack, SparkJob, SqlProgram } from '@zhishen/compiler';
import type { DeploymentConfig, ParamValues, RulePack } from '@zhishen/runtime';
import { TABLES } from './schema.js';
import type { RuleRows } from './screen.js';
import { packParams } from './screen.js';
import { assemblyData, storeSchema as schemaFile } from './assembly-data.js';
import { fileLines } from './sink.js';
import type { ClaimsStore } from './store.js';

export class SparkUnavailable extends Error {}

export interface SparkRuntime {
    sparkSubmit: string;
    java: string;
    /** 用虚拟环境时：驱动程序的 Python（PYSPARK_PYTHON） */
    python?: string;
}

function executable(path: string): boolean {
    try {
        accessSync(path, constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
    for (const dir of (env.PATH ?? '').split(delimiter)) {
        if (dir && executable(join(dir, name))) return join(dir, name);
    }
    return null;
}

export function defaultSparkVenv(env: NodeJS.ProcessEnv = process.env): string {
    return env.ZHISHEN_SPARK_VENV ?? join(env.HOME ?? homedir(), '.cache', 'zhishen', 'spark-venv');
}

/** 找 spark-submit 与 java；找不到时 SparkUnavailable（中文，写明装什么）。 */
export function findSpark(env: NodeJS.ProcessEnv = process.env): SparkRuntime {
    const java = env.JAVA_HOME && executable(join(env.JAVA_HOME, 'bin', 'java')) ? join(env.JAVA_HOME, 'bin', 'java') : onPath('java', env);
    const venv = defaultSparkVenv(env);
    const home = env.SPARK_HOME ? join(env.SPARK_HOME, 'bin', 'spark-submit') : null;
    let sparkSubmit = home && executable(home) ? home : onPath('spark-submit', env);
    let python: string | undefined;
    if (!sparkSubmit && executable(join(venv, 'bin', 'spark-submit'))) {
        sparkSubmit = join(venv, 'bin', 'spark-submit');
        python = join(venv, 'bin', 'python');
    }
    if (!sparkSubmit) {
        throw new SparkUnavailable(`找不到 Spark（spark-submit）：设置 SPARK_HOME 指向 Spark 3.5 的安装目录，或把 spark-submit 加到 PATH，`
            + `或运行 bash scripts/install-spark.sh（用 pip 把 pyspark 3.5.3 装进 ${venv}）`);
    }
    if (!java) {
        throw new SparkUnavailable('找不到 Java：Spark 需要 Java 17 的运行环境——安装 openjdk-17-jre-headless（apt-get install openjdk-17-jre-headless），或设置 JAVA_HOME');
    }
    return { sparkSubmit, java, python };
}

/** 仓库 spark/ 下的驱动程序（driver.py 与 zhishen_job/）：从本模块所在处（store/src、store/dist、cli/dist/bundle）向上找。 */
export function sparkDriverDir(): string {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (let up = 0; up < 5; up++, dir = dirname(dir)) {
        if (existsSync(join(dir, 'spark', 'driver.py'))) return join(dir, 'spark');
    }
    throw new Error(`找不到 Spark 驱动程序（spark/driver.py）：从 ${dirname(fileURLToPath(import.meta.url))} 向上五层都没有`);
}

/** 写 Spark 作业文件夹：plan.json、tables/、driver.py、zhishen_job/。 */
export function writeSparkJob(dir: string, job: SparkJob, driverDir = sparkDriverDir()): void {
    for (const [path, text] of job.files) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
    }
    if (!existsSync(join(driverDir, 'driver.py'))) throw new Error(`找不到 Spark 驱动程序 ${join(driverDir, 'driver.py')}`);
    cpSync(join(driverDir, 'driver.py'), join(dir, 'driver.py'));
    cpSync(join(driverDir, 'log4j2.properties'), join(dir, 'log4j2.properties'));
    cpSync(join(driverDir, 'zhishen_job'), join(dir, 'zhishen_job'), { recursive: true, filter: src => !src.includes('__pycache__') });
    cpSync(join(driverDir, 'screen_claims.py'), join(dir, 'screen_claims.py'));
}

/**
 * 可部署的筛查作业（zhishen build --target spark）：writeSparkJob 的一切，加上集群上的 Python 规范化与组装要的
 * schema.json（理赔表的列）与 assembly.json（组装数据，见 assembly-data.ts）。入口 screen_claims.py 读 NDJSON 理赔、
 * 写与 zhishen screen 相同的结果 NDJSON；driver.py 是只出命中行的入口（zhishen screen --engine spark 与差分测试用）。
 */
export function writeScreenJob(dir: string, options: { ir: IrPack; pack: RulePack; config?: DeploymentConfig }): SparkJob {
    const job = buildSparkJob(options.ir, options.pack.manifest.id, packParams(options.pack, options.config));
    writeSparkJob(dir, job);
    writeFileSync(join(dir, 'schema.json'), JSON.stringify(schemaFile()) + '\n');
    writeFileSync(join(dir, 'assembly.json'), JSON.stringify(assemblyData({ ir: options.ir, pack: options.pack, program: job.program, config: options.config, phase: '事后' })) + '\n');
    return job;
}

export function buildSparkJob(ir: IrPack, packId: string, params: ParamValues[]): SparkJob {
    return sparkJob(ir, { packId, params, store: storeSchema() });
}

export interface SparkEvent {
    event: string;
    [key: string]: unknown;
}

/** spark-submit driver.py 参数…；驱动程序输出的 "zhishen:{json}" 行交给 onEvent，其余保留作出错时的说明。 */
export async function sparkSubmit(runtime: SparkRuntime, jobDir: string, args: string[], options: { master?: string; conf?: Record<string, string>; onEvent?: (e: SparkEvent) => void; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
    const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) };
    if (runtime.python) env.PYSPARK_PYTHON = env.PYSPARK_DRIVER_PYTHON = runtime.python;
    if (!env.JAVA_HOME) env.JAVA_HOME = dirname(dirname(runtime.java));
    const conf = Object.entries(options.conf ?? {}).flatMap(([k, v]) => ['--conf', `${k}=${v}`]);
    const child = spawn(runtime.sparkSubmit, ['--master', options.master ?? 'local[2]', '--conf', 'spark.ui.enabled=false', ...conf,
        '--driver-java-options', `-Dlog4j2.configurationFile=file:${join(jobDir, 'log4j2.properties')}`, join(jobDir, 'driver.py'), ...args],
        { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    let failure: string | null = null;
    // spark-submit 把 Python 进程的标准输出与标准错误都转到自己的标准输出上：两路都读
    const closed = [child.stdout!, child.stderr!].map(stream => {
        const lines = createInterface({ input: stream });
        lines.on('line', line => {
            if (line.startsWith('zhishen:')) {
                try {
                    const event = JSON.parse(line.slice(8)) as SparkEvent;
                    if (event.event === 'error') failure = String(event.message);
                    options.onEvent?.(event);
                    return;
                } catch {
                    // 不是完整的 JSON：当作普通输出
                }
            }
            tail.push(line);
            if (tail.length > 200) tail.shift();
        });
        return new Promise<void>(resolve => lines.on('close', () => resolve()));
    });
    const code = await new Promise<number>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', c => resolve(c ?? 1));
    });
    await Promise.all(closed);
    if (code !== 0) {
        if (failure) throw new Error(`Spark 作业失败：${failure}`);
        const trace = tail.findIndex(l => l.startsWith('Traceback'));
        const reason = (trace >= 0 ? tail.slice(trace).filter(l => !l.startsWith('  File') && !l.startsWith('    ')) : tail.slice(-12)).join('\n');
        throw new Error(`Spark 作业失败（spark-submit 退出码 ${code}）：\n${reason}`);
    }
}

/**
 * 命中行文件（driver.py --hits）逐行产出 {规则编号, 命中行}，空行跳过。按字节块逐行读（sink.ts 的 fileLines）：
 * 100 万张理赔的命中行文件有几 GB，整个读进一个字符串会超出 V8 字符串的长度上限。readHits 与 bench:spark 的摘要共用它。
 */
export async function* hitRows(file: string): AsyncGenerator<{ rule: string; row: Record<string, unknown> }> {
    for await (const { bytes } of fileLines(file)) {
        if (bytes.length === 0) continue;
        const { rule, ...row } = JSON.parse(bytes.toString('utf8')) as { rule: string } & Record<string, unknown>;
        yield { rule, row };
    }
}

/** 命中行文件 → 每条规则的命中行（与 runProgram 同形），规则内保持文件里的行序。 */
export async function readHits(file: string, program: SqlProgram, ms: ReadonlyMap<string, number> = new Map()): Promise<RuleRows[]> {
    const byRule = new Map<string, Array<Record<string, unknown>>>();
    for await (const { rule, row } of hitRows(file)) {
        let rows = byRule.get(rule);
        if (!rows) byRule.set(rule, rows = []);
        rows.push(row);
    }
    return program.rules.map((plan, index) => ({ plan, index, rows: byRule.get(plan.id) ?? [], ms: ms.get(plan.id) ?? 0 }));
}

/** 理赔库的表导出为 Parquet（Spark 读它）。 */
export async function exportStoreForSpark(store: ClaimsStore, dir: string): Promise<void> {
    mkdirSync(dir, { recursive: true });
    await store.exportParquet(dir);
}

export interface SparkExecutorOptions {
    /** 作业与导出表的工作文件夹 */
    workDir: string;
    runtime: SparkRuntime;
    packId: string;
    rules: number;
    master?: string;
    onEvent?: (e: SparkEvent) => void;
}

/** screenStore 的 executor：规则在 Spark 上执行（理赔库导出为 Parquet），命中行交回组装。 */
export function sparkExecutor(store: ClaimsStore, options: SparkExecutorOptions): { dialect: typeof SPARK; run(program: SqlProgram): Promise<RuleRows[]> } {
    return {
        dialect: SPARK,
        async run(program) {
            const job = sparkJobOf(program, { packId: options.packId, rules: options.rules, store: storeSchema() });
            const jobDir = join(options.workDir, 'job');
            const tables = join(options.workDir, 'store');
            writeSparkJob(jobDir, job);
            await exportStoreForSpark(store, tables);
            const hitsFile = join(options.workDir, 'hits.ndjson');
            const ms = new Map<string, number>();
            await sparkSubmit(options.runtime, jobDir, ['--store-parquet', tables, '--hits', hitsFile], {
                master: options.master,
                onEvent: e => {
                    if (e.event === 'rule') ms.set(String(e.rule), Number(e.ms));
                    options.onEvent?.(e);
                }
            });
            return readHits(hitsFile, program, ms);
        }
    };
}

/** 作业里理赔表的列（理赔库的表，装载记录 loads 除外）。 */
function storeSchema() {
    return TABLES.filter(t => t.name !== 'loads');
}
