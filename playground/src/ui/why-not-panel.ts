/**
 * “为什么没有触发”面板的状态：表单（规则、请求、对象、知识点）、上次的报告、是否过时。
 * 求值经 worker（EngineClient.whyNot → 引擎的 whyNot，与“运行”同一份规则包、参数与环节）；渲染在 why-not-view.ts。
 */
import type { WhyNotResult } from '@zhishen/runtime';
import type { FileDoc, ParamOverrides, PhaseChoice, RuleInfo } from '../lib/protocol.js';
import { claimObjects } from '../lib/why-not.js';
import { detectFormat, splitRequests } from '../lib/json-text.js';
import type { EngineClient } from './engine-client.js';
import { renderWhyNot } from './why-not-view.js';
import type { WhyNotForm } from './why-not-view.js';

export interface WhyNotInputs {
    sources: FileDoc[];
    claim: FileDoc | null;
    params: ParamOverrides;
    phase: PhaseChoice;
    rules: RuleInfo[];
    /** 输入的签名（规则、理赔、参数、环节）：与报告求值时不同则报告过时 */
    signature: string;
}

export class WhyNotPanel {
    private form: WhyNotForm = { rule: '', request: 0, target: '', knowledgePoint: '' };
    private result: WhyNotResult | null = null;
    private resultSignature: string | null = null;
    private busy = false;

    constructor(
        private readonly container: HTMLElement,
        private readonly engine: EngineClient,
        private readonly inputs: () => WhyNotInputs,
        private readonly revealRule: (file: string, line: number, column?: number, endLine?: number, endColumn?: number) => void
    ) {}

    /** 预先选好规则与对象（如从规则编辑器或结果跳过来），并立即求值 */
    async ask(rule: string, target = ''): Promise<void> {
        this.form = { ...this.form, rule, target };
        await this.submit(this.form);
    }

    render(): void {
        const inputs = this.inputs();
        const rules = inputs.rules;
        if (!rules.some(r => r.id === this.form.rule)) this.form.rule = rules[0]?.id ?? '';
        const claim = inputs.claim;
        const requests = claim ? splitRequests(claim.text, detectFormat(claim.path, claim.text)).map(r => ({ index: r.index, line: r.line })) : [];
        if (!requests.some(r => r.index === this.form.request)) this.form.request = 0;
        const objects = claim ? claimObjects(claim.path, claim.text, this.form.request) : [];
        renderWhyNot(this.container, {
            rules, requests, objects, form: this.form, result: this.result, busy: this.busy,
            stale: this.result !== null && this.resultSignature !== inputs.signature,
            claimPath: claim?.path ?? null
        }, {
            submit: form => void this.submit(form),
            change: form => { this.form = form; this.render(); },
            revealRule: this.revealRule
        });
    }

    private async submit(form: WhyNotForm): Promise<void> {
        this.form = form;
        const inputs = this.inputs();
        if (!inputs.claim || !form.rule) return;
        this.busy = true;
        this.render();
        try {
            this.result = await this.engine.whyNot({
                sources: inputs.sources, claim: inputs.claim, request: form.request, params: inputs.params, phase: inputs.phase,
                rule: form.rule, target: form.target, knowledgePoint: form.knowledgePoint
            });
        } catch (error) {
            this.result = { ok: false, message: `求值失败：${(error as Error).message}` };
        }
        this.resultSignature = inputs.signature;
        this.busy = false;
        this.render();
    }
}
