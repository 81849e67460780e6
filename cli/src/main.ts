/**
 * 智审命令行：一个入口给工程师与 CI。命令的实现各在 commands/ 下；这里只做参数解析（commander）与中文帮助。
 */
import { Command, CommanderError, Help, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
// 各命令按需加载：`zhishen run --pack` 不必加载语言服务与编译器
const commands = {
    check: () => import('./commands/check.js'),
    fmt: () => import('./commands/fmt.js'),
    kb: () => import('./commands/kb.js'),
    build: () => import('./commands/build.js'),
    run: () => import('./commands/run.js'),
    screen: () => import('./commands/screen.js'),
    test: () => import('./commands/test.js'),
    demo: () => import('./commands/demo.js'),
    lsp: () => import('./commands/lsp.js'),
    serve: () => import('./commands/serve.js'),
    store: () => import('./commands/store.js')
};
import { UserError } from './errors.js';
import { EXIT_OUTPUT_FAILED, guardStdout, settleStdout } from './output-errors.js';

const TITLES: Record<string, string> = {
    'Usage:': '用法：',
    'Arguments:': '参数：',
    'Options:': '选项：',
    'Commands:': '命令：',
    'Global Options:': '全局选项：'
};

class ChineseHelp extends Help {
    override styleTitle(title: string): string {
        return TITLES[title] ?? title;
    }
    override styleUsage(usage: string): string {
        return usage.replace('[options]', '[选项]').replace('[command]', '[命令]');
    }
    override styleSubcommandTerm(term: string): string {
        return term.replace('[options]', '[选项]');
    }
}

const ERRORS: Array<[RegExp, (...m: string[]) => string]> = [
    [/unknown option '(.+)'/, o => `未知选项「${o}」`],
    [/unknown command '(.+)'/, c => `未知命令「${c}」`],
    [/missing required argument '(.+)'/, a => `缺少参数 <${a}>`],
    [/option '(.+)' argument missing/, o => `选项「${o}」缺少取值`],
    [/required option '(.+)' not specified/, o => `缺少必需的选项「${o}」`],
    [/option '(.+)' cannot be used with option '(.+)'/, (a, b) => `选项「${a}」不能与「${b}」同时使用`],
    [/too many arguments/, () => '参数过多'],
    [/option '(.+)' argument '(.+)' is invalid. Allowed choices are (.+)\./, (o, v, c) => `选项「${o}」的值「${v}」无效，可选：${c}`],
    [/option '(.+)' argument '(.+)' is invalid. (.+)/, (o, v, detail) => `选项「${o}」的值「${v}」无效，${detail}`]
];

const KINDS = ['药品', '中药饮片', '医疗服务项目', '医用耗材', '诊断', '手术'];

function collectKind(value: string, previous: string[] | undefined): string[] {
    if (!KINDS.includes(value)) throw new InvalidArgumentError(`可选：${KINDS.join('、')}`);
    return [...(previous ?? []), value];
}

/** commander 的英文错误 → 中文；它附在后面的拼写建议（\n(Did you mean …?)）也译出。 */
export function translateError(message: string): string {
    const text = message.replace(/^error:\s*/, '');
    const suggestion = /\n\(Did you mean (?:one of )?(.+)\?\)\s*$/.exec(text);
    const head = suggestion ? text.slice(0, suggestion.index) : text;
    const hint = suggestion ? `；是不是要写 ${suggestion[1].split(', ').join('、')}？` : '';
    for (const [pattern, render] of ERRORS) {
        const match = pattern.exec(head);
        if (match) return render(...match.slice(1)) + hint;
    }
    return head + hint;
}

function configure(command: Command): Command {
    command.createHelp = () => Object.assign(new ChineseHelp(), command.configureHelp());
    command.helpOption('-h, --help', '显示帮助');
    command.configureOutput({
        outputError: (message, write) => write(`${pc.red('错误')}：${translateError(message.trim())}（用 --help 查看用法）\n`)
    });
    command.exitOverride();
    return command;
}

/** 多值选项（--rules a.zs b.zs）：commander 按 /\w\.\.\.>/ 识别，中文占位符 <路径...> 识别不了，手工标记。 */
function variadic(option: Option): Option {
    option.variadic = true;
    return option;
}

export function createProgram(): Command {
    const program = configure(new Command('zhishen'));
    program
        .description('智审：医保基金智能审核规则语言的命令行工具')
        .version('0.1.0', '-v, --version', '显示版本')
        .helpCommand('help [命令]', '显示命令的帮助');

    // 可重复：--kb 甲 --kb 乙 → [甲, 乙]。commander 只把 <word...> 认作多值选项（... 前要是 \w），中文占位符不算，要自己收集
    const kbOption = () => new Option('--kb <目录...>', '知识库目录（可重复 --kb 甲 --kb 乙；默认读 zhishen.json 的 kb）')
        .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    const formatOption = () => new Option('--format <格式>', '输出格式').choices(['text', 'json']).default('text');

    configure(program.command('check'))
        .description('检查规则文件：语法、名称、类型与单位、知识库编码；有错误时退出码 1')
        .argument('[路径...]', '规则文件或目录（默认 zhishen.json 的 rules，或当前目录）')
        .addOption(kbOption())
        .addOption(formatOption())
        .option('--warnings-as-errors', '有警告也以退出码 1 结束')
        .action(async (paths: string[], options) => { process.exitCode = await (await commands.check()).checkCommand(paths, options); });

    configure(program.command('fmt'))
        .description('格式化规则文件（幂等，保留注释）')
        .argument('[路径...]', '规则文件或目录')
        .option('--check', '只检查是否需要格式化，不改写文件；需要时退出码 1')
        .action(async (paths: string[], options) => { process.exitCode = await (await commands.fmt()).fmtCommand(paths, options); });

    configure(program.command('build'))
        .description('编译规则为规则包：一个独立 ES 模块（只依赖运行时）+ manifest + source map')
        .argument('[路径...]', '规则文件或目录')
        .addOption(kbOption())
        .option('-o, --output <文件>', '输出的规则包（--target spark 时是作业文件夹，默认 job）')
        .addOption(new Option('--target <目标>', '构建目标：pack（规则包）或 spark（Spark 作业：Spark SQL、数据表与驱动程序）').choices(['pack', 'spark']).default('pack'))
        .option('--config <文件>', '部署配置（参数、级别代码、启用 / 停用规则）')
        .option('--emit-ir <文件>', '同时输出 IR（JSON），便于审阅')
        .option('--dump-ir <阶段>', '打印某个编译阶段之后的 IR（可读文本）到标准输出，不写规则包：lower、bindParams、expand、fold、prune、dispatch')
        .option('--runtime <说明符>', '规则包导入运行时所用的说明符', '@zhishen/runtime')
        .option('--derived <文件>', '逐知识点列出从限定条件推出的参数（TSV；「-」为标准输出）')
        .action(async (paths: string[], options) => { process.exitCode = await (await commands.build()).buildCommand(paths, options); });

    configure(program.command('run'))
        .description('审核理赔：.json 为一个 3101/3102 入参；.ndjson 每行一个，输出逐行对应')
        .requiredOption('--claims <文件>', '理赔文件（.json / .ndjson），- 表示标准输入')
        .option('--pack <文件>', '用 zhishen build 生成的规则包')
        .addOption(variadic(new Option('--rules <路径...>', '或者直接用规则源码（就地编译）')))
        .addOption(kbOption())
        .addOption(new Option('--format <格式>', '输出格式（默认 .json → json，.ndjson → ndjson）').choices(['json', 'ndjson', 'table']))
        .option('--config <文件>', '部署配置')
        .option('--explain', '每条结果附带解释：各条件看到的值')
        .addOption(new Option('--phase <环节>', '请求没有 trig_scen 时只运行该环节的规则').choices(['事前', '事中', '事后']))
        .option('--no-progress', '不显示进度条')
        .option('--workers <N>', 'NDJSON 的工作线程数（默认 CPU 核数；1 与单线程的输出逐字节相同）')
        .option('--claim-timeout <毫秒>', 'NDJSON 每条理赔的时间预算（该线程用掉的 CPU 时间），超过的输出错误行、批次继续（默认 10000，0 = 不限）')
        .addOption(variadic(new Option('--history <文件...>', '历史来源：已结算理赔的 NDJSON（一行一个入参），读 全体就诊 / 全体明细 的规则与它们一起求值（默认取 zhishen.json 的 历史来源）')))
        .option('--why-not <规则[:对象]>', '为什么没有触发：对这条规则（与明细号、就诊号、诊断 / 手术编码或分组键）逐个条件写出哪一个不成立、看到的值（.json 请求；--format json 输出报告）')
        .option('--kp <知识点>', '与 --why-not 一起：只看这个知识点（kp_id 或名称）')
        .action(async options => { process.exitCode = await (await commands.run()).runCommand(options); });

    configure(program.command('screen'))
        .description('事后全量筛查：把 NDJSON 理赔（一行一个入参，可多个文件）载入筛查集合，运行逐张理赔与跨理赔、统计组规则，每条结果一行')
        .addOption(variadic(new Option('--claims <文件...>', '理赔文件：NDJSON（一行一个 3101 入参）或 Parquet（一列请求 JSON 文本，或按 3101 结构的嵌套列；一行一个请求）').makeOptionMandatory()))
        .option('--pack <文件>', '用 zhishen build 生成的规则包')
        .addOption(variadic(new Option('--rules <路径...>', '或者直接用规则源码（就地编译）')))
        .addOption(kbOption())
        .option('--from <日期>', '筛查期间起（含），如 2024-01-01：只载入本次入院日期在期间内的理赔')
        .option('--to <日期>', '筛查期间止（含）')
        .addOption(new Option('--engine <引擎>', '求值引擎：js（运行时，含跨理赔与统计组规则）、duckdb（装入 DuckDB 理赔库，规则以 SQL 运行）或 spark（规则的 Spark SQL 经 spark-submit 运行）').choices(['js', 'duckdb', 'spark']).default('js'))
        .option('--store <文件>', 'duckdb / spark 引擎的理赔库文件（.duckdb；增量装载，同一请求不重复）；省略时用内存库')
        .option('--master <地址>', 'spark 引擎的 Spark master（默认 local[2]；spark-submit 在 PATH、SPARK_HOME 或 scripts/install-spark.sh 装的虚拟环境里找）')
        .option('--config <文件>', '部署配置')
        .option('--explain', '每条结果附带解释：各条件看到的值')
        .option('-o, --output <文件>', '结果文件（NDJSON；默认标准输出）')
        .option('--workers <N>', '线程数（默认 CPU 核数；结果与线程数无关）：js 引擎逐张求值时分线程载入与求值（有规则读筛查集合时在一个线程里），duckdb / spark 引擎装载时分线程解析与规范化')
        .option('--no-progress', '不显示进度条')
        .action(async options => { process.exitCode = await (await commands.screen()).screenCommand(options); });

    configure(program.command('test'))
        .description('运行规则文件中的测试块；失败时对照期望与实际；没有测试或有失败时退出码 1')
        .argument('[路径...]', '规则文件或目录')
        .addOption(kbOption())
        .addOption(new Option('--reporter <格式>', '报告格式').choices(['text', 'json', 'junit']).default('text'))
        .option('--coverage', '报告哪些规则、哪些条件被测试覆盖')
        .action(async (paths: string[], options) => { process.exitCode = await (await commands.test()).testCommand(paths, options); });

    configure(program.command('demo'))
        .description('演示：用样例知识库构建标准规则包，审核随附的样例请求，打印中文报告')
        .option('--rules <目录>', '规则目录（默认 stdlib-rules/rules）')
        .option('--kb <目录>', '知识库目录（默认 stdlib-rules/sample-kb）')
        .option('--claims <目录>', '样例请求目录（默认 stdlib-rules/claims）')
        .action(async options => { process.exitCode = await (await commands.demo()).demoCommand(options); });

    configure(program.command('lsp'))
        .description('启动语言服务器（LSP）：编辑器经标准输入输出连接，如 zhishen lsp --stdio')
        .option('--stdio', '经标准输入输出通信')
        .option('--node-ipc', '经 Node IPC 通信')
        .option('--socket <端口>', '经 TCP 端口通信')
        .allowUnknownOption()
        .action(async options => { process.exitCode = await (await commands.lsp()).lspCommand(options); });

    configure(program.command('serve'))
        .description('实时服务：国家格式 3101 / 3102 / 3103（HTTP）；SIGHUP 重新加载规则包与配置，SIGTERM 做完手上的请求再停')
        .requiredOption('--pack <文件>', '用 zhishen build 生成的规则包')
        .option('--config <文件>', '部署配置')
        .option('--store <文件>', '库文件（就诊历史、3103 反馈、规则指标）；省略时在内存里')
        .option('--port <端口>', '端口', '3101')
        .option('--host <地址>', '监听地址', '127.0.0.1')
        .option('--workers <数量>', '求值线程数（默认 CPU 数 − 1）')
        .option('--timeout <毫秒>', '每个请求的时间预算', '2000')
        .option('--body-limit <MB>', '请求体上限', '16')
        .option('--api-key-file <文件>', '要求 API 密钥（X-API-Key 或 Authorization: Bearer）；也可用环境变量 ZHISHEN_API_KEY')
        .addOption(new Option('--phase <环节>', '请求没有 trig_scen 时只运行该环节的规则').choices(['事前', '事中', '事后']))
        .option('--drain <毫秒>', '收到 SIGTERM 后先排空多久（readyz 答 503、照常应答）再关闭监听', '1000')
        .addOption(new Option('--log-level <级别>', '日志级别').choices(['fatal', 'error', 'warn', 'info', 'debug']).default('info'))
        .action(async options => { process.exitCode = await (await commands.serve()).serveCommand(options); });

    configure(program.command('metrics'))
        .description('规则指标：每条规则每天的求值、命中、金额与 3103 处理（返回修改 = 采纳，继续执行 = 质疑）')
        .requiredOption('--store <文件>', 'zhishen serve 的库文件')
        .option('--days <天数>', '最近几天', '30')
        .addOption(formatOption())
        .action(async options => { process.exitCode = await (await commands.serve()).metricsCommand(options); });

    // 实时服务的库（就诊历史）与事后筛查的理赔库（zhishen store）是两样东西，命令分开、名字不混
    const history = configure(program.command('history')).description('实时服务的就诊历史（zhishen serve --store 的库）：载入已结算的理赔');
    configure(history.command('load'))
        .description('把已结算的理赔（.json / .ndjson，每行一个 input.data）载入服务的库，作为之后审核的历史就诊')
        .requiredOption('--store <文件>', 'zhishen serve 的库文件')
        .requiredOption('--claims <文件>', '已结算的理赔')
        .action(async options => { process.exitCode = await (await commands.serve()).loadCommand(options); });
    // 旧名字：说清改成了什么，不猜用户要哪一个
    program.command('load', { hidden: true }).allowUnknownOption().allowExcessArguments().action(() => {
        throw new UserError('zhishen load 已改名：实时服务的就诊历史用 zhishen history load --store 服务库 --claims 文件；事后筛查的理赔库用 zhishen store load --store 库.duckdb --claims 文件');
    });

    const store = configure(program.command('store')).description('理赔库（DuckDB）：装载 3101 入参 NDJSON、查看概况（事后全量筛查用）');
    configure(store.command('load'))
        .description('把 NDJSON（每行一个 3101/3102 入参）装入理赔库：增量追加，同一请求不重复，坏行报告行号后跳过')
        .requiredOption('--store <文件>', '理赔库文件（.duckdb，没有则新建）')
        .addOption(variadic(new Option('--claims <文件...>', '理赔文件（.ndjson，或 .parquet：一列请求 JSON 文本，或按 3101 结构的嵌套列）').makeOptionMandatory()))
        .option('--show-errors <条数>', '最多列出几条坏行', '20')
        .option('--workers <N>', '解析与规范化的线程数（默认 CPU 核数，小于 4 MB 的文件在主线程上；结果与线程数无关）')
        .option('--no-progress', '不显示进度条')
        .action(async options => { process.exitCode = await (await commands.store()).storeLoadCommand(options); });
    configure(store.command('info'))
        .description('理赔库概况：请求、患者、就诊、明细、追溯码的条数，日期范围，装载记录')
        .requiredOption('--store <文件>', '理赔库文件')
        .addOption(formatOption())
        .action(async options => { process.exitCode = await (await commands.store()).storeInfoCommand(options); });

    const kb = configure(program.command('kb')).description('知识库：概况与编码查询');
    configure(kb.command('info'))
        .description('知识库概况：各目录条目数、各规则类知识点数、字典、代码集，以及跳过的问题记录')
        .argument('[目录]', '知识库目录（默认 zhishen.json 的 kb）')
        .addOption(formatOption())
        .action(async (dir: string | undefined, options) => { process.exitCode = await (await commands.kb()).kbInfoCommand(dir, options); });
    configure(kb.command('search'))
        .description('按编码、编码前缀、中文名称或拼音首字母查找目录条目')
        .argument('<查询>', '如 E11.9、2型糖尿病、amxl')
        .addOption(kbOption())
        .option('--limit <数量>', '最多显示几条', '20')
        .addOption(new Option('--kind <目录>', '只查这个目录（可重复：--kind 药品 --kind 诊断）').argParser(collectKind))
        .addOption(formatOption())
        .action(async (query: string, options) => { process.exitCode = await (await commands.kb()).kbSearchCommand(query, options); });

    return program;
}

/** 运行命令行，返回退出码。 */
export async function run(argv: string[]): Promise<number> {
    const stdout = guardStdout();
    const code = await runProgram(argv);
    await settleStdout();
    if (stdout.failure) {
        process.stderr.write(`${pc.red('错误')}：写输出失败：${stdout.failure}，输出不完整。请腾出空间（或换一个输出位置）后重新运行。\n`);
        return EXIT_OUTPUT_FAILED;
    }
    return code;
}

async function runProgram(argv: string[]): Promise<number> {
    const program = createProgram();
    try {
        await program.parseAsync(argv);
        return typeof process.exitCode === 'number' ? process.exitCode : 0;
    } catch (error) {
        if (error instanceof CommanderError) {
            return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? 0 : 2;
        }
        if (error instanceof UserError) {
            process.stderr.write(`${pc.red('错误')}：${error.message}\n`);
            return 2;
        }
        process.stderr.write(`${pc.red('内部错误')}：${(error as Error).stack ?? String(error)}\n请把以上信息连同输入一起反馈给维护者。\n`);
        return 70;
    }
}
