import type { Browser } from 'playwright-core';
export interface BundleRow { file: string; role: string; raw: number; gzip: number; brotli: number }
export interface Bundle { rows: BundleRow[]; total: { raw: number; gzip: number; brotli: number }; code: { raw: number; gzip: number; brotli: number } }
export declare function measureBundle(dir?: string): Bundle;
export declare function printBundle(bundle: Bundle): void;
export declare function measureStartup(browser: Browser, url: string, n?: number): Promise<{ editor: number; lsp: number; firstRun: number; coldCompile: number }>;
export declare function measureRuns(browser: Browser, url: string): Promise<unknown>;
export declare function printRuns(startup: unknown, runs: unknown): void;
export declare const CHROMIUM_ARGS: string[];
