/**
 * “你是否想要”：按编辑距离与包含关系找最接近的候选名称。中文按字比较（一个汉字算一个字符）。
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
    if (a === b) return 0;
    const s = [...a];
    const t = [...b];
    if (Math.abs(s.length - t.length) > limit) return limit + 1;
    let previous = Array.from({ length: t.length + 1 }, (_, i) => i);
    for (let i = 1; i <= s.length; i++) {
        const current = [i];
        let rowMin = i;
        for (let j = 1; j <= t.length; j++) {
            const cost = s[i - 1] === t[j - 1] ? 0 : 1;
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
            rowMin = Math.min(rowMin, current[j]);
        }
        if (rowMin > limit) return limit + 1;
        previous = current;
    }
    return previous[t.length];
}

/** 最接近的至多 limit 个候选（去重，按相似度排序）。 */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
    const length = [...name].length;
    const maxDistance = Math.max(1, Math.min(3, Math.floor(length / 2)));
    const scored: Array<{ candidate: string; score: number }> = [];
    const seen = new Set<string>();
    for (const candidate of candidates) {
        if (!candidate || seen.has(candidate) || candidate === name) continue;
        seen.add(candidate);
        let score: number;
        if (candidate.includes(name) || name.includes(candidate)) {
            score = Math.abs([...candidate].length - length) * 0.5;
        } else {
            const distance = editDistance(name, candidate, maxDistance);
            if (distance > maxDistance) continue;
            score = distance;
        }
        scored.push({ candidate, score });
    }
    scored.sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate, 'zh'));
    return scored.slice(0, limit).map(s => s.candidate);
}

/** 生成“你是否想要 …？”的提示文本；没有候选时给出默认建议。 */
export function suggestionText(candidates: string[], fallback: string): string {
    if (candidates.length === 0) return fallback;
    return `你是否想要：${candidates.map(c => `「${c}」`).join('、')}？`;
}
