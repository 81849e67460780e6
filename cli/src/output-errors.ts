/**
 * 写标准输出的故障，对所有命令：读的一方关闭了管道（`zhishen check --format json | head`，EPIPE）不是错误，之后的输出丢弃；
 * 写不进去（磁盘满……）时命令照常做完，最后以中文信息与退出码 74 结束——而不是 Node 的“Unhandled 'error' event”堆栈。
 * zhishen run / screen 的输出（commands/run-output.ts）自己处理这些故障（成批写、截掉半行），挂上它自己的监听后这里不再管。
 */

export const OUTPUT_ERROR_REASONS: Record<string, string> = {
    ENOSPC: '磁盘已满（ENOSPC）',
    EDQUOT: '磁盘配额已用完（EDQUOT）',
    EFBIG: '文件超过允许的大小（EFBIG）',
    EIO: '输入输出错误（EIO）',
    EBADF: '标准输出已关闭（EBADF）'
};

/** 写输出失败的退出码（sysexits 的 EX_IOERR） */
export const EXIT_OUTPUT_FAILED = 74;

export function outputErrorReason(code: string | undefined): string {
    return OUTPUT_ERROR_REASONS[code ?? ''] ?? code ?? '未知错误';
}

export function isClosedPipe(code: string | undefined): boolean {
    return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

export interface StdoutGuard {
    /** 写不进去的原因（中文）；读的一方关闭管道不算 */
    failure?: string;
}

/** 给标准输出挂上故障的监听（每个进程一次）。 */
export function guardStdout(stream: NodeJS.WriteStream = process.stdout): StdoutGuard {
    const guard: StdoutGuard = {};
    stream.on('error', (error: NodeJS.ErrnoException) => {
        if (stream.listenerCount('error') > 1) return; // run / screen 的 Output 在处理
        if (isClosedPipe(error.code)) return;
        guard.failure ??= outputErrorReason(error.code);
    });
    return guard;
}

/** 等已交给标准输出的内容写完（或失败），让故障在命令返回退出码之前报到 guard 上。 */
export async function settleStdout(stream: NodeJS.WriteStream = process.stdout): Promise<void> {
    if (!stream.destroyed && stream.writable) await new Promise<void>(resolve => stream.write('', () => resolve()));
    await new Promise(resolve => setImmediate(resolve));
}
