/**
 * 逐行读 NDJSON 文件（zhishen screen、历史来源、zhishen history load 共用）：在字节上切分，只认 \n；行尾的 \r 属于 CRLF 一并去掉，
 * 行内单独的 \r 不是换行（readline 会在它那里断行：两行输入读成三行、一条好的理赔被拒，问题 17-6）。文件开头的 UTF-8 BOM 去掉。
 * 与 zhishen run（run-lines.ts）、理赔库装载（store 的 fileLines）同样的切法。
 */
import { open } from 'node:fs/promises';

const READ_SIZE = 1024 * 1024;

export interface TextLine {
    /** 行号（1 起，含空行） */
    lineNumber: number;
    text: string;
}

/** 文件的每一行（解码为 UTF-8）；onBytes 报告每次读到的字节数（进度）。结尾的 \n 之后没有内容时不算一行。 */
export async function* textLines(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<TextLine> {
    const handle = await open(path, 'r');
    const buffer = Buffer.allocUnsafe(READ_SIZE);
    let carry: Buffer = Buffer.alloc(0);
    let lineNumber = 0;
    const text = (bytes: Buffer): string => {
        let end = bytes.length;
        if (end > 0 && bytes[end - 1] === 0x0d) end--;
        const start = lineNumber === 1 && end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
        return bytes.toString('utf8', start, end);
    };
    try {
        for (;;) {
            const { bytesRead } = await handle.read(buffer, 0, READ_SIZE, null);
            if (bytesRead === 0) break;
            onBytes?.(bytesRead);
            const data = carry.length > 0 ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
            let start = 0;
            for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
                lineNumber++;
                yield { lineNumber, text: text(data.subarray(start, nl)) };
                start = nl + 1;
            }
            // 不完整的最后一行复制出来：buffer 下一次读会被覆盖
            carry = Buffer.from(data.subarray(start));
        }
        if (carry.length > 0) {
            lineNumber++;
            yield { lineNumber, text: text(carry) };
        }
    } finally {
        await handle.close();
    }
}
