/**
 * 适应症文字 → ICD-10 医保版编码族（编译时）。
 *
 * 国家知识点“药品限适应症 / 药品限二线使用”的限定条件是政策原文（“限2型糖尿病患者”“限ALK阳性的局部晚期或转移性
 * 非小细胞肺癌(NSCLC)患者”），理赔里的诊断是 ICD-10 医保版编码。这里在构建时把原文映射成编码族，运行时只判断
 * 诊断编码是否属于它（见 runtime 的 indication_covers），不再比较字符串。
 *
 * 映射分三步：
 * 1. 病名识别：先用下面的概念表（同义词、缩写、“癌 ↔ 恶性肿瘤”、亚型限定词）做最长匹配；概念表没有的病名，
 *    再用知识库 ICD-10 目录的标准名称（及其“X恶性肿瘤 → X癌”的别名）做最长匹配。
 * 2. 否定：“不包括 / 不含 …”“……除外”里的病名不算适应症（记为 negated，不进入编码族）。
 * 3. 编码：概念表给出 ICD-10 类目 / 亚目前缀；目录病名取名称中含该病名的全部编码的亚目（如 K26.9），
 *    排除 Z 类（个人史、筛查、随诊等状态）。ICD-10 无法区分的亚型（小细胞 / 非小细胞肺癌都在 C34）用名称限定词
 *    排除：编码族里的 "~小细胞" 表示诊断名称含“小细胞”（且前面不是“非”）的诊断不算相符。
 *
 * 找不到病名、或只有含糊的词（感染、出血、疼痛…）的知识点没有编码族，规则对它不生效（zhishen build 列出原因）。
 * 精度在 stdlib-rules/README.md（带标注的样本，stdlib-rules/test/indications.test.ts 计算）。
 */
import type { CatalogueEntry } from './types.js';

/** 一个识别出的病名。 */
export interface IndicationTerm {
    /** 原文中的病名 */
    text: string;
    /** 来源：概念表（lexicon）或 ICD-10 目录标准名称（icd） */
    source: 'lexicon' | 'icd';
    /** ICD-10 编码前缀 */
    codes: string[];
    /** 诊断名称中出现即不相符的限定词（ICD-10 无法区分的亚型） */
    unless: string[];
    /** 处在“不包括 / 除外”之中 */
    negated: boolean;
    /** 弱概念：原文有更具体的病名时不计入 */
    weak: boolean;
    /** 在（规范化后的）原文中的位置 */
    start: number;
    /** 只说明病因（“X所致的Y”的 X），不计入 */
    cause?: boolean;
}

export interface IndicationMapping {
    terms: IndicationTerm[];
    /** 编码族：ICD-10 前缀，以及 "~限定词"（名称排除），排好序 */
    set: string[];
}

interface Concept {
    terms: string[];
    codes: string[];
    unless?: string[];
    /** 弱概念（化疗、恶性肿瘤…）：只在原文没有更具体的病名时才算适应症 */
    weak?: boolean;
}

/** C18–C20 → C18, C19, C20（同一字母、两位数字的类目区间）。 */
function span(from: string, to: string): string[] {
    const letter = from[0];
    const out: string[] = [];
    for (let n = Number(from.slice(1)); n <= Number(to.slice(1)); n++) out.push(`${letter}${String(n).padStart(2, '0')}`);
    return out;
}

/** 实体瘤：C00–C80（不含淋巴、造血组织 C81–C96）与继发恶性肿瘤。 */
const SOLID_TUMOURS = span('C00', 'C80');
const MALIGNANT = [...span('C00', 'C97'), 'D46', 'D47'];

/**
 * 概念表：病名（含同义词、缩写）→ ICD-10 前缀。顺序无关（按最长匹配）。
 * 肿瘤按部位给类目；“晚期 / 转移性”的肿瘤同时收继发恶性肿瘤 C77–C79（转移灶常单独编码）。
 */
const CONCEPTS: Concept[] = [
    // ── 糖尿病与代谢 ──
    { terms: ['2型糖尿病', 'Ⅱ型糖尿病', '二型糖尿病', '非胰岛素依赖型糖尿病'], codes: ['E11', 'O24.1'] },
    { terms: ['1型糖尿病', 'Ⅰ型糖尿病', '一型糖尿病', '胰岛素依赖型糖尿病'], codes: ['E10', 'O24.0'] },
    { terms: ['糖尿病'], codes: span('E10', 'E14').concat(['O24']) },
    { terms: ['糖尿病周围神经病变', '糖尿病神经病变'], codes: ['E10.4', 'E11.4', 'E12.4', 'E13.4', 'E14.4', 'G63.2'] },
    { terms: ['糖尿病肾病'], codes: ['E10.2', 'E11.2', 'E12.2', 'E13.2', 'E14.2', 'N08.3'] },
    { terms: ['高磷血症'], codes: ['E83.3'] },
    { terms: ['高尿酸血症'], codes: ['E79.0'] },
    { terms: ['痛风'], codes: ['M10', 'M1A'] },
    { terms: ['高胆固醇血症', '高脂血症', '血脂异常', '高甘油三酯血症', '混合型血脂异常', '混合性高脂血症'], codes: ['E78'] },
    { terms: ['肥胖', 'BMI≥25', 'BMI≥28'], codes: ['E66'] },
    { terms: ['骨质疏松', '骨质疏松症'], codes: ['M80', 'M81', 'M82'] },
    { terms: ['烟酸缺乏症', '糙皮病'], codes: ['E52'] },
    { terms: ['生长激素缺乏', '生长激素缺乏症', 'GHD', '内源性生长激素缺乏'], codes: ['E23.0'] },
    { terms: ['戈谢病', '戈谢'], codes: ['E75.2'] },
    { terms: ['法布雷病', 'α-半乳糖苷酶A缺乏症'], codes: ['E75.2'] },
    { terms: ['尼曼匹克病'], codes: ['E75.2'] },
    { terms: ['酪氨酸血症'], codes: ['E70.2'] },
    { terms: ['甲状旁腺功能亢进', '甲状旁腺功能亢进症'], codes: ['E21', 'N25.8'] },
    { terms: ['甲状旁腺功能低下', '甲状旁腺功能减退'], codes: ['E20', 'E89.2'] },
    { terms: ['佝偻病'], codes: ['E55', 'E83.3'] },
    { terms: ['肢端肥大症'], codes: ['E22.0'] },
    { terms: ['高血氨症', '血氨升高'], codes: ['E72.2', 'K72'] },
    // ── 消化 ──
    { terms: ['十二指肠溃疡'], codes: ['K26'] },
    { terms: ['胃溃疡'], codes: ['K25'] },
    { terms: ['消化性溃疡'], codes: ['K25', 'K26', 'K27', 'K28'] },
    { terms: ['应激性溃疡'], codes: ['K25', 'K26', 'K27', 'K28'] },
    { terms: ['反流性食管炎', '胃食管反流病', '胃食管反流'], codes: ['K21'] },
    { terms: ['幽门螺杆菌', '幽门螺杆菌感染'], codes: ['A49.809', 'B98.0', 'B96.8', 'K25', 'K26', 'K27'] },
    { terms: ['肝性脑病', '肝昏迷'], codes: ['K72', 'K70.4', 'K76.8'] },
    { terms: ['肝硬化'], codes: ['K74', 'K70.3', 'K71.7'] },
    { terms: ['肝功能不全', '肝衰竭', '肝功能衰竭'], codes: ['K72', 'K76.8', 'K71'] },
    { terms: ['急性胰腺炎'], codes: ['K85'] },
    { terms: ['慢性复发性胰腺炎', '慢性胰腺炎'], codes: ['K86.0', 'K86.1'] },
    { terms: ['克罗恩病'], codes: ['K50'] },
    { terms: ['溃疡性结肠炎'], codes: ['K51'] },
    { terms: ['肠易激综合征'], codes: ['K58'] },
    { terms: ['便秘型肠易激综合征', 'IBS-C'], codes: ['K58.2', 'K58.8'] },
    { terms: ['腹泻型肠易激综合征', 'IBS-D'], codes: ['K58.0', 'K58.1', 'K58.8'] },
    { terms: ['便秘'], codes: ['K59.0'] },
    { terms: ['胆囊胆固醇结石', '胆结石', '胆囊结石'], codes: ['K80'] },
    { terms: ['胆汁淤积性肝病', '原发性胆汁性肝硬化', '原发性胆汁性胆管炎'], codes: ['K74.3', 'K74.4', 'K74.5', 'K83.0', 'K76.8'] },
    { terms: ['胆汁反流性胃炎'], codes: ['K29'] },
    { terms: ['消化道严重出血', '消化道出血', '上消化道出血'], codes: ['K92.2', 'K92.0', 'K92.1', 'K25', 'K26', 'K27', 'K28', 'I85.0'] },
    // ── 病毒性肝炎与 HIV ──
    { terms: ['慢性乙型肝炎', '乙型肝炎', '乙肝', '慢性HBV感染', 'HBV感染'], codes: ['B16', 'B18.0', 'B18.1', 'Z22.5'] },
    { terms: ['慢性丙型肝炎', '丙型肝炎', '丙肝', 'HCV感染', '丙型肝炎病毒'], codes: ['B17.1', 'B18.2'] },
    { terms: ['艾滋病', '艾滋病病毒感染', 'HIV感染', '人类免疫缺陷病毒感染', '获得性免疫缺陷综合征', 'HIV-1感染'], codes: ['B20', 'B21', 'B22', 'B23', 'B24', 'Z21'] },
    { terms: ['新型冠状病毒感染', 'COVID-19'], codes: ['U07.1', 'U07.2', 'U07'] },
    { terms: ['流感', '甲型流感', '乙型流感', '流行性感冒'], codes: ['J09', 'J10', 'J11'] },
    { terms: ['巨细胞病毒感染', '巨细胞病毒病', 'CMV感染'], codes: ['B25', 'B27.1'] },
    { terms: ['结核', '耐多药结核', '肺结核'], codes: span('A15', 'A19') },
    // ── 心脑血管 ──
    { terms: ['原发性高血压', '轻、中度原发性高血压'], codes: ['I10', 'I11', 'I12', 'I13'] },
    { terms: ['高血压', '严重高血压'], codes: ['I10', 'I11', 'I12', 'I13', 'I15'] },
    { terms: ['肺动脉高压'], codes: ['I27.0', 'I27.2', 'I27.8'] },
    { terms: ['慢性血栓栓塞性肺动脉高压', 'CTEPH'], codes: ['I27.2', 'I27.8', 'I26'] },
    { terms: ['脑梗死', '缺血性脑梗死', '急性脑梗死', '急性血栓性脑梗死', '缺血性卒中', '急性缺血性卒中', '缺血性脑卒中', '脑血栓形成'], codes: ['I63', 'I66', 'I69.3'] },
    { terms: ['缺血性脑血管疾病', '急性缺血性脑血管疾病', '缺血性脑血管病'], codes: ['I63', 'I65', 'I66', 'G45', 'I67.8', 'I69.3'] },
    { terms: ['缺血性心脑血管疾病'], codes: ['I20', 'I21', 'I22', 'I23', 'I24', 'I25', 'I63', 'I65', 'I66', 'G45', 'I67.8'] },
    { terms: ['急性心肌梗死', '心肌梗死'], codes: ['I21', 'I22', 'I23', 'I25.2'] },
    { terms: ['急性冠脉综合征', '急性冠状动脉综合征'], codes: ['I20.0', 'I21', 'I22', 'I24'] },
    { terms: ['冠心病', '冠状动脉粥样硬化性心脏病'], codes: ['I20', 'I21', 'I22', 'I24', 'I25'] },
    { terms: ['心力衰竭', '慢性心力衰竭', '急性失代偿性心力衰竭', '心衰'], codes: ['I50', 'I11.0', 'I13.0', 'I13.2'] },
    { terms: ['心律失常', '快速性心律失常'], codes: ['I47', 'I48', 'I49'] },
    { terms: ['房颤', '心房颤动', '心房纤颤', '非瓣膜性房颤'], codes: ['I48'] },
    { terms: ['深静脉血栓', '深静脉血栓形成'], codes: ['I80', 'I82', 'O22.3'] },
    { terms: ['肺栓塞'], codes: ['I26'] },
    { terms: ['血栓性静脉炎'], codes: ['I80'] },
    { terms: ['肥厚型心肌病', '梗阻性肥厚型心肌病'], codes: ['I42.1', 'I42.2'] },
    { terms: ['慢性动脉闭塞', '慢性动脉闭塞症', '动脉闭塞症'], codes: ['I70', 'I73', 'I74', 'I77.1'] },
    { terms: ['视网膜动静脉阻塞', '视网膜动脉阻塞', '视网膜静脉阻塞'], codes: ['H34'] },
    { terms: ['突发性耳聋'], codes: ['H91.2'] },
    { terms: ['动脉粥样硬化性心血管疾病'], codes: ['I20', 'I21', 'I22', 'I24', 'I25', 'I63', 'I65', 'I66', 'I70'] },
    // ── 肾与泌尿 ──
    { terms: ['慢性肾脏病', 'CKD', '慢性肾功能衰竭', '慢性肾衰竭', '慢性肾功能不全', '肾功能衰竭'], codes: ['N18', 'N19', 'I12', 'I13', 'E10.2', 'E11.2', 'E14.2', 'N08'] },
    { terms: ['肾功能不全'], codes: ['N17', 'N18', 'N19', 'I12', 'I13'] },
    { terms: ['急性肾损伤'], codes: ['N17'] },
    { terms: ['肾性贫血'], codes: ['D63.8', 'N18'] },
    { terms: ['透析', '血液透析', '维持性透析'], codes: ['Z49', 'Z99.2', 'N18.0', 'N18.5'] },
    { terms: ['IgA肾病', 'IgAN'], codes: ['N02.8', 'N03.8', 'N04.8', 'N05.8', 'N06.8', 'N02', 'N03'] },
    { terms: ['前列腺增生'], codes: ['N40'] },
    // ── 血液 ──
    { terms: ['免疫性血小板减少症', '原发免疫性血小板减少症', '特发性血小板减少症', '慢性免疫性(特发性)血小板减少症', 'ITP', '特发性血小板减少性紫癜'], codes: ['D69.3', 'D69.4', 'D69.6'] },
    { terms: ['血小板减少症', '血小板减少'], codes: ['D69.4', 'D69.5', 'D69.6', 'D69.3', 'D61', 'D46'] },
    { terms: ['中性粒细胞减少', '中性粒细胞减少症', '粒细胞缺乏', '粒细胞减少'], codes: ['D70'] },
    { terms: ['再生障碍性贫血', 'SAA'], codes: ['D60', 'D61'] },
    { terms: ['骨髓增生异常综合征', 'MDS'], codes: ['D46'] },
    { terms: ['β-地中海贫血', '地中海贫血'], codes: ['D56'] },
    { terms: ['巨幼红细胞性贫血'], codes: ['D51', 'D52', 'D53.1'] },
    { terms: ['缺铁', '缺铁性贫血'], codes: ['D50', 'E61.1'] },
    { terms: ['阵发性睡眠性血红蛋白尿症', 'PNH'], codes: ['D59.5'] },
    { terms: ['非典型溶血性尿毒症综合征', 'aHUS'], codes: ['D59.3'] },
    { terms: ['甲(A)型血友病', 'A型血友病', '甲型血友病', '凝血因子Ⅷ缺乏'], codes: ['D66', 'D68.3', 'D68.4'] },
    { terms: ['乙(B)型血友病', 'B型血友病', '乙型血友病', '凝血因子Ⅸ缺乏症', '凝血因子Ⅸ缺乏'], codes: ['D67', 'D68.3', 'D68.4'] },
    { terms: ['血友病', '先天性血友病', '获得性血友病'], codes: ['D66', 'D67', 'D68.0', 'D68.1', 'D68.3', 'D68.4'] },
    { terms: ['先天性凝血因子Ⅶ缺乏症', '凝血因子Ⅶ缺乏症'], codes: ['D68.2'] },
    { terms: ['血小板无力症'], codes: ['D69.1'] },
    { terms: ['血纤维蛋白溶解亢进', '纤溶亢进'], codes: ['D65', 'D68.8'] },
    { terms: ['骨髓纤维化', '原发性骨髓纤维化', 'PMF'], codes: ['D47.4', 'D47.1', 'C94.4', 'D75.8'] },
    { terms: ['真性红细胞增多症'], codes: ['D45'] },
    { terms: ['Castleman病', '巨大淋巴结增生'], codes: ['D47.7', 'R59', 'D36.0'] },
    // ── 白血病、淋巴瘤、骨髓瘤（亚型不混用）──
    { terms: ['慢性髓细胞白血病', '慢性髓系白血病', '慢性髓性白血病', '慢性粒细胞白血病', '慢性粒细胞性白血病', 'CML', 'Ph+CML', 'Ph+ CML'], codes: ['C92.1'] },
    { terms: ['急性髓系白血病', '急性髓细胞白血病', '急性髓性白血病', '急性非淋巴细胞白血病', 'AML'], codes: ['C92.0', 'C92.3', 'C92.4', 'C92.5', 'C92.6', 'C92.8', 'C93.0', 'C94.0', 'C94.2'] },
    { terms: ['急性淋巴细胞白血病', 'ALL'], codes: ['C91.0'] },
    { terms: ['慢性淋巴细胞白血病', 'CLL', 'B细胞性慢性淋巴细胞白血病'], codes: ['C91.1'] },
    { terms: ['小淋巴细胞淋巴瘤', 'SLL'], codes: ['C83.0', 'C91.1'] },
    { terms: ['套细胞淋巴瘤', 'MCL'], codes: ['C83.1'] },
    { terms: ['弥漫大B细胞淋巴瘤', '弥漫性大B细胞淋巴瘤', 'DLBCL', '弥漫大B细胞性非霍奇金淋巴瘤'], codes: ['C83.3', 'C85.2'] },
    { terms: ['滤泡性淋巴瘤'], codes: ['C82'] },
    { terms: ['外周T细胞淋巴瘤', 'PTCL'], codes: ['C84.4', 'C84.5', 'C84.6', 'C84.7', 'C86'] },
    { terms: ['间变性大细胞淋巴瘤'], codes: ['C84.6', 'C84.7'] },
    { terms: ['经典型霍奇金淋巴瘤', '霍奇金淋巴瘤'], codes: ['C81'] },
    { terms: ['非霍奇金淋巴瘤'], codes: ['C82', 'C83', 'C84', 'C85', 'C86'] },
    { terms: ['淋巴瘤'], codes: ['C81', 'C82', 'C83', 'C84', 'C85', 'C86', 'C88'] },
    { terms: ['多发性骨髓瘤'], codes: ['C90.0'] },
    { terms: ['白血病'], codes: span('C91', 'C95') },
    // ── 实体肿瘤：癌 ↔ 恶性肿瘤 ──
    { terms: ['非小细胞肺癌', 'NSCLC', '非鳞状非小细胞肺癌', '非鳞非小细胞肺癌'], codes: ['C34', 'C78.0'], unless: ['小细胞'] },
    { terms: ['小细胞肺癌', 'SCLC', '广泛期小细胞肺癌'], codes: ['C34', 'C78.0'], unless: ['非小细胞'] },
    { terms: ['肺癌', '肺恶性肿瘤'], codes: ['C34', 'C78.0'] },
    { terms: ['乳腺癌', '乳房恶性肿瘤', '三阴性乳腺癌'], codes: ['C50', 'C79.8', 'D05'] },
    { terms: ['前列腺癌', '去势抵抗性前列腺癌', 'mCRPC', 'mHSPC', 'NM-CRPC'], codes: ['C61'] },
    { terms: ['卵巢癌', '上皮性卵巢癌', '卵巢恶性肿瘤'], codes: ['C56', 'C79.6'] },
    { terms: ['输卵管癌'], codes: ['C57.0'] },
    { terms: ['原发性腹膜癌', '腹膜癌'], codes: ['C48'] },
    { terms: ['宫颈癌', '子宫颈癌'], codes: ['C53'] },
    { terms: ['子宫内膜癌'], codes: ['C54.1', 'C54', 'C55'] },
    { terms: ['胃癌', '胃腺癌', '胃食管结合部腺癌', '胃-食管结合部腺癌'], codes: ['C16'] },
    { terms: ['食管癌', '食管鳞癌', '食管鳞状细胞癌'], codes: ['C15'] },
    { terms: ['结直肠癌', '转移性结直肠癌', 'mCRC', '结肠癌', '直肠癌'], codes: ['C18', 'C19', 'C20', 'C78.5'] },
    { terms: ['肝细胞癌', '肝癌', '原发性肝癌', 'HCC'], codes: ['C22'] },
    { terms: ['胆道癌', '胆管癌'], codes: ['C22.1', 'C24'] },
    { terms: ['胰腺癌'], codes: ['C25'] },
    { terms: ['肾细胞癌', '肾癌', 'RCC'], codes: ['C64', 'C65'] },
    { terms: ['尿路上皮癌', '膀胱癌'], codes: ['C65', 'C66', 'C67', 'C68'] },
    { terms: ['黑色素瘤'], codes: ['C43', 'C69', 'C21', 'D03'] },
    { terms: ['鼻咽癌'], codes: ['C11'] },
    { terms: ['头颈部鳞状细胞癌', '头颈部鳞癌'], codes: span('C00', 'C14').concat(['C30', 'C31', 'C32', 'C76.0']) },
    { terms: ['甲状腺癌', '甲状腺髓样癌'], codes: ['C73'] },
    { terms: ['胃肠道间质瘤', '胃肠间质瘤', 'GIST'], codes: ['C15', 'C16', 'C17', 'C18', 'C19', 'C20', 'C26', 'C48', 'C49', 'D37'] },
    { terms: ['软组织肉瘤'], codes: ['C49', 'C45', 'C46', 'C48'] },
    { terms: ['骨巨细胞瘤'], codes: ['D48.0', 'C40', 'C41'] },
    { terms: ['基底细胞癌'], codes: ['C44'] },
    { terms: ['神经内分泌瘤', '神经内分泌肿瘤', '胃肠胰内分泌肿瘤'], codes: ['C7A', 'C25.4', 'C17', 'C16', 'C18', 'C34', 'D37', 'D3A', 'C75', 'E34.0'] },
    { terms: ['实体瘤', '晚期实体瘤'], codes: SOLID_TUMOURS },
    { terms: ['癌性胸腹腔积液', '癌性胸腹水', '癌性胸水', '癌性腹水', '恶性胸腔积液', '恶性腹水'], codes: ['C78.2', 'C78.6', 'R18', 'J91', 'J94.8'] },
    { terms: ['恶性肿瘤', '癌症', '肿瘤患者'], codes: MALIGNANT, weak: true },
    { terms: ['放化疗', '化疗', '放疗', '含铂化疗', '化疗药物'], codes: ['Z51.0', 'Z51.1', ...MALIGNANT], weak: true },
    // ── 风湿免疫与皮肤 ──
    { terms: ['类风湿关节炎', '类风湿性关节炎'], codes: ['M05', 'M06'] },
    { terms: ['幼年特发性关节炎', '全身型幼年特发性关节炎', '多关节型幼年特发性关节炎'], codes: ['M08'] },
    { terms: ['强直性脊柱炎', '中轴型脊柱关节炎', '中轴性脊柱关节炎'], codes: ['M45', 'M46.8', 'M46.9', 'M08.1'] },
    { terms: ['银屑病关节炎'], codes: ['L40.5', 'M07'] },
    { terms: ['斑块状银屑病', '斑块型银屑病', '寻常型银屑病', '银屑病', '泛发性脓疱型银屑病'], codes: ['L40'] },
    { terms: ['特应性皮炎'], codes: ['L20'] },
    { terms: ['系统性红斑狼疮', '红斑狼疮'], codes: ['M32', 'L93'] },
    { terms: ['慢性自发性荨麻疹', '荨麻疹'], codes: ['L50'] },
    { terms: ['过敏性哮喘', '哮喘'], codes: ['J45', 'J46'] },
    { terms: ['过敏性鼻炎', '季节性过敏性鼻炎', '常年性过敏性鼻炎'], codes: ['J30'] },
    { terms: ['骨关节炎', '膝骨关节炎'], codes: ['M15', 'M16', 'M17', 'M18', 'M19'] },
    { terms: ['移植物抗宿主病'], codes: ['T86.0', 'D89.8'] },
    { terms: ['器官移植', '器官移植后', '抗排异反应', '排异反应', '排斥反应', '器官排异反应', '移植物排斥反应'], codes: ['T86', 'Z94'] },
    { terms: ['造血干细胞移植', 'HSCT'], codes: ['Z94.8', 'T86.0', 'Z52.0', 'Z94.0'] },
    { terms: ['原发性免疫球蛋白缺乏症', '免疫球蛋白缺乏症', '原发性免疫缺陷'], codes: ['D80', 'D81', 'D82', 'D83', 'D84'] },
    { terms: ['川崎病'], codes: ['M30.3'] },
    { terms: ['遗传性血管性水肿', 'HAE'], codes: ['D84.1'] },
    { terms: ['甲状腺眼病'], codes: ['H06.2', 'E05.0'] },
    // ── 神经与精神 ──
    { terms: ['重症肌无力', '全身型重症肌无力', 'gMG'], codes: ['G70'] },
    { terms: ['多发性硬化', '复发型多发性硬化', 'RMS'], codes: ['G35'] },
    { terms: ['视神经脊髓炎', '视神经脊髓炎谱系疾病', 'NMOSD'], codes: ['G36.0'] },
    { terms: ['急性格林巴利综合征', '格林巴利综合征', '吉兰-巴雷综合征'], codes: ['G61.0'] },
    { terms: ['脊髓性肌萎缩症', '脊髓性肌萎缩', 'SMA'], codes: ['G12.0', 'G12.1', 'G12.8', 'G12.9'] },
    { terms: ['精神分裂症'], codes: ['F20'] },
    { terms: ['注意缺陷多动障碍', 'ADHD'], codes: ['F90'] },
    { terms: ['癫痫'], codes: ['G40', 'G41'] },
    { terms: ['帕金森病'], codes: ['G20'] },
    { terms: ['阿尔茨海默病'], codes: ['G30', 'F00'] },
    { terms: ['神经纤维瘤病', 'I型神经纤维瘤病', '丛状神经纤维瘤'], codes: ['Q85.0'] },
    { terms: ['结节性硬化症'], codes: ['Q85.1'] },
    // ── 呼吸与感染 ──
    { terms: ['特发性肺纤维化', 'IPF'], codes: ['J84.1', 'J84.9'] },
    { terms: ['间质性肺疾病', 'SSc-ILD'], codes: ['J84', 'M34.8'] },
    { terms: ['社区获得性肺炎', '医院获得性肺炎', '肺炎'], codes: span('J12', 'J18').concat(['J69', 'J85']) },
    { terms: ['支气管扩张症', '支气管扩张'], codes: ['J47'] },
    { terms: ['慢性阻塞性肺疾病', '慢阻肺', 'COPD'], codes: ['J44', 'J43'] },
    { terms: ['侵袭性曲霉病', '曲霉病', '侵袭性曲霉菌', '曲霉菌感染', '曲霉菌', '侵袭性毛霉病', '毛霉病'], codes: ['B44', 'B46'] },
    { terms: ['念珠菌病', '念球菌感染', '念珠菌感染', '口咽念珠菌病'], codes: ['B37'] },
    { terms: ['念珠菌性外阴阴道病', '外阴阴道假丝酵母菌病', 'VVC', '外阴阴道念珠菌病'], codes: ['B37.3'] },
    { terms: ['皮肤及皮肤软组织感染', '皮肤软组织感染'], codes: ['L00', 'L01', 'L02', 'L03', 'L08', 'A46'] },
    { terms: ['破伤风'], codes: ['A33', 'A34', 'A35', 'Z23.5'] },
    { terms: ['接触者'], codes: ['Z20'] },
    { terms: ['下呼吸道感染'], codes: ['J12', 'J13', 'J14', 'J15', 'J16', 'J17', 'J18', 'J20', 'J21', 'J22', 'J40', 'J42', 'J44.0', 'J47'] },
    { terms: ['上呼吸道感染'], codes: ['J00', 'J01', 'J02', 'J03', 'J04', 'J05', 'J06'] },
    { terms: ['急性窦炎', '急性鼻窦炎'], codes: ['J01'] },
    { terms: ['复杂性腹腔感染', 'cIAI', '腹腔感染'], codes: ['K65', 'K35', 'K57.0', 'K57.2', 'K57.4', 'K57.8', 'K63.0', 'K75.0', 'K81.0', 'T81.4'] },
    { terms: ['胰岛素抵抗'], codes: ['E10.700x021', 'E11.700x021', 'E14.700x021', 'E16.800x006', 'E16.800x007', 'E16.800x104', 'E16.801'] },
    { terms: ['阿米巴病'], codes: ['A06'] },
    { terms: ['败血症', '新生儿败血症', '菌血症'], codes: ['A40', 'A41', 'P36', 'R78.8'] },
    // ── 其他 ──
    { terms: ['Ⅱ度烧伤', '烧伤'], codes: span('T20', 'T32') },
    { terms: ['洋地黄中毒'], codes: ['T46.0'] },
    { terms: ['低血容量性休克', '低血容量'], codes: ['R57.1', 'E86', 'T79.4'] },
    { terms: ['子宫肌瘤'], codes: ['D25'] },
    { terms: ['子宫内膜异位症'], codes: ['N80'] },
    { terms: ['多囊卵巢综合征', '多囊卵巢综合症'], codes: ['E28.2'] },
    { terms: ['先天性肾上腺皮质增生症', '肾上腺皮质增生症'], codes: ['E25'] },
    { terms: ['慢性肾上腺皮质功能减退症', '肾上腺皮质功能减退'], codes: ['E27.1', 'E27.4'] },
    { terms: ['厌食症'], codes: ['R63.0'] },
    { terms: ['恶心和呕吐', '恶心、呕吐', '呕吐'], codes: ['R11', 'T45.1', 'Z51.1'] },
    { terms: ['瘙痒症'], codes: ['L29'] },
    { terms: ['面部血管纤维瘤'], codes: ['Q85.1', 'D23'] }
];

/** 含糊、不能对应到编码的词：目录里恰好有同名条目，但在限定条件里多是修饰语。 */
const VAGUE = new Set(['感染', '重症感染', '出血', '疼痛', '休克', '肿瘤', '炎症', '发热', '水肿', '贫血', '缺乏', '中毒', '损伤', '衰竭',
    '溃疡', '结石', '综合征', '营养风险', '疾病', '并发症', '肥大', '增生', '狭窄', '梗阻', '移植', '高危', '死亡', '卒中', '脓毒症']);

/** 全角括号、空白、字母大小写统一（只用于匹配，不改变报告里的原文）。 */
function normalizeText(text: string): string {
    return text.replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '').replace(/＞/g, '>').replace(/≥/g, '≥');
}

const CONCEPT_BY_TERM = new Map<string, Concept>();
for (const concept of CONCEPTS) for (const term of concept.terms) CONCEPT_BY_TERM.set(normalizeText(term), concept);
const LONGEST_CONCEPT = Math.max(...[...CONCEPT_BY_TERM.keys()].map(t => t.length));

/** 目录病名索引：规范名称（与“X恶性肿瘤 → X癌”别名）→ 亚目前缀。每个目录只建一次。 */
interface IcdIndex {
    names: Map<string, string[]>;
    longest: number;
    entries: Array<{ name: string; prefix: string }>;
    contains: Map<string, string[]>;
}

const indexCache = new WeakMap<readonly CatalogueEntry[], IcdIndex>();

/** 亚目前缀：E11.900 → E11.9，I10.x00x002 → I10.x，C61 → C61。 */
export function subcategoryOf(code: string): string {
    const dot = code.indexOf('.');
    return dot < 0 ? code.slice(0, 3) : code.slice(0, dot + 2);
}

function cleanIcdName(name: string): string {
    return normalizeText(name).replace(/[，,]?(其他的|未特指的|未特指)$/u, '').replace(/\[[^\]]*\]|［[^］]*］/gu, '');
}

function icdIndex(diagnoses: readonly CatalogueEntry[]): IcdIndex {
    let index = indexCache.get(diagnoses);
    if (index) return index;
    const names = new Map<string, string[]>();
    const entries: IcdIndex['entries'] = [];
    let longest = 0;
    for (const entry of diagnoses) {
        if (/^Z/.test(entry.code) || /个人史|家族史|筛查|随诊|观察|后遗症/u.test(entry.name)) continue;
        const name = cleanIcdName(entry.name);
        const prefix = subcategoryOf(entry.code.split('+')[0]);
        entries.push({ name, prefix });
        const aliases = [name];
        if (name.endsWith('恶性肿瘤')) aliases.push(name.replace(/的?恶性肿瘤$/u, '癌'));
        for (const alias of aliases) {
            if (alias.length < 2 || VAGUE.has(alias)) continue;
            const list = names.get(alias) ?? [];
            list.push(prefix);
            names.set(alias, list);
            if (alias.length > longest) longest = alias.length;
        }
    }
    index = { names, longest: Math.min(longest, 24), entries, contains: new Map() };
    indexCache.set(diagnoses, index);
    return index;
}

/** 名称中含该病名（前面不是“非”）的全部编码的亚目。 */
function codesContaining(index: IcdIndex, term: string): string[] {
    let codes = index.contains.get(term);
    if (codes) return codes;
    const set = new Set<string>();
    for (const { name, prefix } of index.entries) {
        const at = name.indexOf(term);
        if (at >= 0 && name[at - 1] !== '非') set.add(prefix);
    }
    codes = [...set].sort();
    index.contains.set(term, codes);
    return codes;
}

/** 否定区间：“不包括 / 不含 / 不适用于 …”到下一个分隔符或“的”（“不包括已知耐药突变的实体瘤”中实体瘤不在其中）；“…除外”从上一个分隔符起。 */
function negatedSpans(text: string): Array<[number, number]> {
    const spans: Array<[number, number]> = [];
    for (const m of text.matchAll(/(?:不包括|不含|不适用于|不用于|排除)[^)的；;。]*/gu)) spans.push([m.index!, m.index! + m[0].length]);
    for (const m of text.matchAll(/[^(，,；;。:：]*除外/gu)) spans.push([m.index!, m.index! + m[0].length]);
    return spans;
}

/**
 * 病因区间：“X所致的Y”“X引起的Y”“X继发性Y”中 X 只是说明病因，适应症是 Y。返回 [X 的起点, 标记的起点]：
 * “所致 / 引起 / 导致”的 X 从上一个逗号、分号或句号起（“肝病如肝硬化、脂肪肝所致的高血氨症”），“继发”的 X 从上一个顿号起。
 * 只有 Y 本身能编码时才把 X 去掉（“慢性肾脏病引起的贫血”里“贫血”太含糊，仍按慢性肾脏病判）。
 */
function causalSpans(text: string): Array<[number, number]> {
    const spans: Array<[number, number]> = [];
    for (const m of text.matchAll(/所致|引起|导致|继发/gu)) {
        const at = m.index!;
        const stops = m[0] === '继发' ? '，,；;。:：(、和' : '，,；;。:：';
        let start = at;
        while (start > 0 && !stops.includes(text[start - 1])) start--;
        spans.push([start, at]);
    }
    return spans;
}

const mappingCache = new WeakMap<readonly CatalogueEntry[], Map<string, IndicationMapping>>();
const EMPTY: readonly CatalogueEntry[] = [];

/**
 * 把限定条件原文映射成编码族。diagnoses 为知识库的 ICD-10 目录（可缺省：只用概念表）。
 * 同一目录、同一原文的结果缓存。
 */
export function mapIndication(text: string, diagnoses: readonly CatalogueEntry[] = EMPTY): IndicationMapping {
    let cache = mappingCache.get(diagnoses);
    if (!cache) mappingCache.set(diagnoses, cache = new Map());
    const hit = cache.get(text);
    if (hit) return hit;
    const result = computeMapping(text, diagnoses);
    cache.set(text, result);
    return result;
}

function computeMapping(raw: string, diagnoses: readonly CatalogueEntry[]): IndicationMapping {
    const text = normalizeText(raw);
    const negated = negatedSpans(text);
    const isNegated = (at: number) => negated.some(([a, b]) => at >= a && at < b);
    const index = diagnoses.length > 0 ? icdIndex(diagnoses) : null;
    const terms: IndicationTerm[] = [];
    let i = 0;
    while (i < text.length) {
        let matched = 0;
        for (let len = Math.min(LONGEST_CONCEPT, text.length - i); len >= 2; len--) {
            const concept = CONCEPT_BY_TERM.get(text.slice(i, i + len));
            if (!concept) continue;
            if (text[i - 1] === '非' && !concept.terms.some(t => t.startsWith('非'))) continue; // “非透析”
            // 拉丁缩写（CML、ALL、SMA…）只在不与其他字母相连时算数
            if (/^[A-Za-z]/.test(text[i]) && (/[A-Za-z]/.test(text[i - 1] ?? '') || /[A-Za-z]/.test(text[i + len] ?? ''))) continue;
            terms.push({ text: text.slice(i, i + len), source: 'lexicon', codes: [...concept.codes], unless: [...(concept.unless ?? [])], negated: isNegated(i), weak: concept.weak === true, start: i });
            matched = len;
            break;
        }
        if (!matched && index && text[i - 1] !== '非') {
            for (let len = Math.min(index.longest, text.length - i); len >= 2; len--) {
                const phrase = text.slice(i, i + len);
                const exact = index.names.get(phrase);
                if (!exact) continue;
                // 短病名（2–3 字：关节炎、肝病）只取同名条目；长病名取名称中含它的全部条目
                const codes = len >= 4 ? codesContaining(index, phrase) : reducePrefixes(exact);
                terms.push({ text: phrase, source: 'icd', codes, unless: [], negated: isNegated(i), weak: false, start: i });
                matched = len;
                break;
            }
        }
        i += matched || 1;
    }
    for (const [from, to] of causalSpans(text)) {
        const effect = terms.some(t => t.start >= to && !t.negated && !t.weak && t.codes.length > 0 && t.start - to <= 12);
        if (effect) for (const t of terms) if (t.start >= from && t.start < to) t.cause = true;
    }
    const strong = terms.some(t => !t.negated && !t.weak && !t.cause);
    const counted = terms.filter(t => !t.negated && !t.cause && (!t.weak || !strong));
    const codes = new Set<string>();
    const unless = new Set<string>();
    for (const term of counted) {
        for (const c of term.codes) codes.add(c);
        for (const u of term.unless) unless.add(u);
    }
    // 原文同时收了被排除的亚型（“非小细胞肺癌、小细胞肺癌”）时，限定词不再适用
    for (const u of [...unless]) if (counted.some(t => containsUnnegated(t.text, u))) unless.delete(u);
    const set = [...reducePrefixes([...codes]), ...[...unless].sort().map(u => `~${u}`)];
    return { terms, set };
}

/** 文本含 word，且该处前面不是“非”。 */
function containsUnnegated(text: string, word: string): boolean {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) if (text[at - 1] !== '非') return true;
    return false;
}

/** 去掉被更短前缀覆盖的前缀（E11 覆盖 E11.2），排序。 */
function reducePrefixes(prefixes: string[]): string[] {
    const sorted = [...new Set(prefixes)].sort();
    return sorted.filter(p => !sorted.some(q => q !== p && p.startsWith(q)));
}

/**
 * 概念表里的病名在一段文字（如全部知识点的限定条件）中出现的次数，记到它们的 ICD-10 前缀上：前缀 → 次数。
 * 编辑器补全用它把知识点里常见的诊断（高血压、糖尿病…）排在前面（kb/usage.ts）。
 */
export function conceptPrefixCounts(text: string): Map<string, number> {
    const normalized = normalizeText(text);
    const counts = new Map<string, number>();
    for (const [term, concept] of CONCEPT_BY_TERM) {
        let n = 0;
        for (let at = normalized.indexOf(term); at >= 0; at = normalized.indexOf(term, at + term.length)) n++;
        if (n === 0) continue;
        for (const code of concept.codes) counts.set(code, (counts.get(code) ?? 0) + n);
    }
    return counts;
}
