/**
 * zhishen run 的标准输出：成批写入；读的一方关闭了管道（`| head -1`，EPIPE）时安静地结束；
 * 写不进去（磁盘满 ENOSPC、文件大小上限 EFBIG……）时以中文信息、非零退出码结束，且输出文件不留半行：
 * 重定向到文件时同步写（知道每次写了多少字节），失败时把最后不完整的一行截掉。
 */
import { fstatSync, ftruncateSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import type { Writable } from 'node:stream';
import { countNewlines } from './run-lines.js';
import { isClosedPipe, outputErrorReason } from '../output-errors.js';

/** 读的一方已关闭（EPIPE）：不是错误，停止审核即可。 */
export class OutputClosed extends Error {}

/** 输出写不进去：message 是给用户的中文说明。 */
export class OutputFailed extends Error {}

export class Output {
    /** 已完整写出的行数 */
    lines = 0;
    private failure?: Error;
    private readonly sync: boolean;
    private readonly regularFile: boolean;

    constructor(private readonly stream: Writable & { fd?: number } = process.stdout, private readonly fd = 1) {
        let file = false;
        let device = false;
        try {
            const stat = fstatSync(fd);
            file = stat.isFile();
            device = stat.isCharacterDevice() && !isatty(fd);
        } catch {
            // 拿不到 fd 的信息时按流写
        }
        this.regularFile = file;
        this.sync = file || device;
        // 没有监听者的 'error' 会让进程以“Unhandled 'error' event”崩溃；错误由 write 的回调交给调用者
        stream.on('error', error => {
            this.failure ??= this.classify(error as NodeJS.ErrnoException);
        });
    }

    /** 写一批（以 \n 结尾的若干整行）。失败时抛 OutputClosed 或 OutputFailed。 */
    async write(data: Uint8Array | string): Promise<void> {
        if (this.failure) throw this.failure;
        const bytes = typeof data === 'string' ? Buffer.from(data) : data;
        if (this.sync) return this.writeSync(bytes);
        await new Promise<void>((resolve, reject) => {
            this.stream.write(bytes, error => {
                if (error) reject(this.failure ??= this.classify(error as NodeJS.ErrnoException));
                else resolve();
            });
        });
        this.lines += countNewlines(bytes, bytes.length);
    }

    private writeSync(bytes: Uint8Array): void {
        let written = 0;
        try {
            while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
        } catch (error) {
            const complete = written > 0 ? bytes.lastIndexOf(0x0a, written - 1) + 1 : 0;
            this.lines += countNewlines(bytes, complete);
            let truncated = false;
            if (written > complete && this.regularFile) {
                try {
                    ftruncateSync(this.fd, fstatSync(this.fd).size - (written - complete));
                    truncated = true;
                } catch {
                    // 截不掉时在信息里说明
                }
            }
            throw (this.failure = this.classify(error as NodeJS.ErrnoException, written > complete ? truncated : undefined));
        }
        this.lines += countNewlines(bytes, bytes.length);
    }

    private classify(error: NodeJS.ErrnoException, truncated?: boolean): Error {
        if (isClosedPipe(error.code)) return new OutputClosed('输出管道已关闭');
        const reason = outputErrorReason(error.code);
        const tail = truncated === undefined ? '' : truncated ? '；最后一行不完整的部分已删去' : '；最后一行不完整，未能删去，请删掉输出文件的最后一行';
        return new OutputFailed(`写输出失败：${reason}。已完整写出 ${this.lines} 行${tail}。请腾出空间（或换一个输出位置）后重新运行。`);
    }
}
