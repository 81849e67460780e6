/// <reference types="vite/client" />

declare module 'virtual:zhishen-samples' {
    import type { ClaimSample, RuleSample } from './lib/state.js';
    export const ruleSamples: RuleSample[];
    export const claimSamples: ClaimSample[];
    export const sampleKb: { file: string; name: string; files: number; bytes: number };
    export const keywords: string[];
}

declare module 'monaco-editor/nls/lang/zh-cn';
