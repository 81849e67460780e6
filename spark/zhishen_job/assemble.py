"""命中行 → 3101 结果：store/src/screen.ts 的 assemble() 与它调用的运行时函数（engine/findings.ts 的 buildFinding、
mergeFindings（F7）、deduplicateAmounts（F8）、assembleFindings（F6）；engine/format.ts 的 formatValue；
engine/engine.ts 的 ruleSelector / ruleEnabled；contract/semantics.ts 的 jr_id）的逐条移植。

输入（都是普通的 Python 值，来自 Spark 的行或差分测试的 JSON）：
  data      assembly.json（store/src/assembly-data.ts 生成）
  hits      [(规则位置, 行 dict)]，按规则、SQL 结果的次序
  claims    claim_key → {request_key, patient_index, patn_id, curr_mdtrt_id}
  lines     claim_key → {seq → {seq, rx_id, mdtrt_id, sumamt, is_current_encounter, curr_drord_flag, hilist_name, hilist_code}}
  requests  [{request_key, file, line_no, task_id, trig_scen, rule_ids}]，按装载批次与行号
输出：[(请求 dict, [结果 dict])]，结果的键次序与 JS 对象相同，json_stringify 后与 JS 的 JSON.stringify 逐字节相同。

明细是 dict，按对象（id()）判断同一条明细，同 JS：一张理赔的明细按序号取同一个对象，筛查集合里别的理赔的明细
（"claim_key#seq"）每个标识一个对象、本批请求自己的用同一个对象。
"""
from __future__ import annotations

import math
from decimal import Decimal

from .jsvalues import SAFE, is_number, jadd, js_number_to_string, js_string, js_to_number, js_trim, json_parse, json_stringify
from .values import (exact_sum, ExactRangeError, fnv1a64, format_date, format_date_time, format_decimal, format_duration, format_money,
                     is_exact, money_to_number, round_to_fen)


class AssemblyError(Exception):
    pass


# ───────────── format.ts ─────────────

def format_value(value, type_: str) -> str:
    if value is None:
        return '（空）'
    num = is_number(value)
    if type_ == 'money':
        return f'{format_money(int(value))}元' if num else js_string(value)
    if type_ == 'price':
        return (f"{format_money(int(value)) if int(value) % 10_000 == 0 else format_decimal(int(value))}元") if num else js_string(value)
    if type_ in ('quantity', 'number'):
        return format_decimal(int(value)) if num else js_string(value)
    if type_ == 'duration':
        return format_duration(int(value)) if num else js_string(value)
    if type_ == 'age':
        return f'{js_number_to_string(value)}岁' if num else js_string(value)
    if type_ == 'date':
        return format_date(int(value)) if num else js_string(value)
    if type_ == 'datetime':
        return format_date_time(int(value)) if num else js_string(value)
    if type_ == 'boolean':
        return '是' if value is True else '否'
    if type_.startswith('list:') or type_.startswith('set:'):
        element = type_[type_.index(':') + 1:]
        items = value if isinstance(value, list) else [value]
        shown = [format_value(v, element) for v in items[:10]]
        return '、'.join(shown) + (f' 等 {len(items)} 项' if len(items) > 10 else '')
    if type_.startswith('record:'):
        return _format_record(value, type_[7:])
    return js_string(value)


def _format_record(value, record: str) -> str:
    if not isinstance(value, (dict, list)):
        return js_string(value)
    r = value if isinstance(value, dict) else {}  # 数组也是对象：它的属性都没有

    def g(k):
        return r.get(k)

    def s(v):
        return '' if v is None else js_string(v)
    if record == 'line':
        return js_trim(f"{s(g('rx_id'))} {s(g('hilist_name') if g('hilist_name') is not None else g('hilist_code'))}")
    if record == 'encounter':
        return f"就诊 {s(g('mdtrt_id'))}"
    if record == 'diagnosis':
        return js_trim(f"{s(g('dise_codg'))} {s(g('dise_name'))}")
    if record == 'operation':
        return js_trim(f"{s(g('oprn_code'))} {s(g('oprn_name'))}")
    if record == 'patient':
        return s(g('patn_id'))
    if record == 'prescription':
        return '处方（无处方号）' if g('key') is None else f"处方 {js_string(g('key'))}"
    if record == 'group':
        return f"分组 {s(g('key'))}"
    if record == 'kp':
        return js_trim(f"{s(g('kp_id'))} {s(g('item_name'))}")
    return json_stringify(value)


# ───────────── semantics.ts：jr_id ─────────────

def escape_part(text: str, separator: str) -> str:
    if '\\' in text or separator in text:
        return ('\\' + separator).join(text.replace('\\', '\\\\').split(separator))
    return text


def jr_id_input(pack_id, rule_id, kp_id, patn_id, mdtrt_id, target) -> str:
    return '|'.join(escape_part(p, '|') for p in (pack_id, rule_id, kp_id, patn_id, mdtrt_id, target))


def _key_lines(rx_ids):
    return ','.join(escape_part(i, ',') for i in rx_ids)


def _key_colon(prefix, a, b):
    return ':'.join(escape_part(p, ':') for p in (prefix, '' if a is None else a, '' if b is None else b))


# ───────────── engine.ts：规则选择 ─────────────

def _phase_of_scene(scene):
    return '事前' if 1 <= scene <= 5 else '事中' if 6 <= scene <= 10 else None


def rule_selector(trig_scen, rule_ids, phase):
    ids = set(rule_ids) if rule_ids else None
    scene = js_to_number(trig_scen) if trig_scen is not None else math.nan
    integral = math.isfinite(scene) and scene == math.floor(scene)
    active = _phase_of_scene(scene) if integral else phase

    def select(rule):
        if ids is not None and rule['id'] not in ids:
            return False
        if active and active not in rule['phases']:
            return False
        if integral and len(rule['scenes']) > 0 and scene not in rule['scenes']:
            return False
        return True
    return select


# ───────────── findings.ts ─────────────

def _billed_now(line) -> bool:
    return line['is_current_encounter'] and line['curr_drord_flag']


def _unique_by_seq(lines):
    """uniqueBySeq：按对象去重（筛查集合里别的理赔的明细序号可能相同），再按序号稳定排序。"""
    if len(lines) <= 1:
        return lines
    seen = {}
    for l in lines:
        seen.setdefault(id(l), l)
    return sorted(seen.values(), key=lambda l: l['seq'])


def _collect(value, into):
    """collectLines / collectEncounters：列表（可嵌套）里的记录。"""
    if value is None:
        return
    if isinstance(value, list):
        for v in value:
            _collect(v, into)
    elif isinstance(value, dict):
        into.append(value)


def _js_sum(values):
    total = 0
    for v in values:
        total = jadd(total, v)
    return total


def _allocate(lines, total, own_amounts):
    result = {}
    if own_amounts:
        for l in lines:
            result[l['seq']] = l['sumamt']
    else:
        remaining = total
        for l in reversed(lines):
            share = max(0, min(remaining, l['sumamt']))
            result[l['seq']] = share
            remaining = jadd(remaining, -share)
        if remaining > 0 and lines:
            last = lines[-1]['seq']
            result[last] = jadd(result.get(last, 0), remaining)
    cumulative = 0
    previous = 0
    for l in lines:
        cumulative = jadd(cumulative, result.get(l['seq'], 0))
        rounded = round_to_fen(cumulative)
        result[l['seq']] = rounded - previous
        previous = rounded
    return result


def _default_message(rule, lines, kind, target):
    if lines:
        def name(l):
            return l['hilist_name'] if l['hilist_name'] is not None else l['hilist_code'] if l['hilist_code'] is not None else l['rx_id']
        names = '、'.join(f'「{name(l)}」' for l in lines[:3])
        return f"{rule['name']}：{names}{f' 等 {len(lines)} 条' if len(lines) > 3 else ''}"
    if isinstance(target, dict):
        if kind == 'diagnosis':
            n = target.get('dise_name') if target.get('dise_name') is not None else target.get('dise_codg')
            return f"{rule['name']}：诊断「{'' if n is None else n}」"
        if kind == 'operation':
            n = target.get('oprn_name') if target.get('oprn_name') is not None else target.get('oprn_code')
            return f"{rule['name']}：手术「{'' if n is None else n}」"
    return rule['name']


def zhishen_extension(rule, kp_id):
    ext = {'source': {'file': rule['source']['file'], 'line': rule['source']['line'], 'column': rule['source']['column']},
           'level': rule['level'], 'phases': rule['phases'], 'category': rule['category']}
    if kp_id is not None:
        ext['kp_id'] = kp_id
    return ext


class Draft:
    __slots__ = ('result', 'order', 'total', 'violations', 'involved_lines', 'involved_encounters', 'owners')

    def __init__(self):
        self.owners = None


def build_finding(data, rule, kp_id, patn_id, mdtrt_id, hit, population=None):
    """buildFinding。hit：violation、amount（缺省表示按明细净金额）、involved、message、evidence。
    population（规则包读筛查集合时，同 ctx.population）：{'own': 本理赔明细的 id() 集合, 'owner': id(明细) → 它所在理赔的患者}——
    别的理赔的明细只能是涉及项，结果明细写它们各自的患者（draft.owners）。明细按对象判断（就诊号、序号可能重复）。"""
    kind = rule['outcome']['violation']
    target = hit['violation']
    amount_given = 'amount' in hit
    own_set = population['own'] if population is not None else None

    def own(l):
        return _billed_now(l) and (own_set is None or id(l) in own_set)
    if kind == 'line' and target is not None:
        if not own(target):
            return None
        line_target = True
        violating = [target]
        demoted = []
    elif kind == 'lines':
        selected = []
        _collect(target, selected)
        line_target = len(selected) > 0 or isinstance(target, list)
        violating = _unique_by_seq([l for l in selected if own(l)])
        demoted = [] if len(violating) == len(selected) else [l for l in selected if not own(l)]
        if line_target and not violating:
            return None
    else:
        line_target = False
        violating = []
        demoted = []

    stas = '1'
    if not amount_given:
        total = 0.0
        for l in violating:
            total += float(l['sumamt'])
        if is_exact(total):
            total = _js_sum(l['sumamt'] for l in violating)
        else:
            try:
                total = exact_sum([l['sumamt'] for l in violating])
            except ExactRangeError:
                total = 0
                stas = '0'
    elif hit['amount'] is None:
        total = 0
        stas = '0'
    else:
        total = hit['amount']
    if total < 0:
        total = 0
        stas = '0'
    allocation = _allocate(violating, total, not amount_given)

    if line_target:
        target_key = _key_lines([l['rx_id'] for l in violating])
    elif not isinstance(target, dict):
        target_key = 'E'
    elif kind == 'diagnosis':
        target_key = _key_colon('D', target.get('dise_id'), target.get('dise_codg'))
    elif kind == 'operation':
        target_key = _key_colon('O', target.get('setl_list_oprn_id'), target.get('oprn_code'))
    elif kind == 'encounter':
        target_key = 'E:' + escape_part(target['mdtrt_id'], ':')
    else:
        target_key = 'E'
    jr_id = fnv1a64(jr_id_input(data['packId'], rule['id'], kp_id or '', patn_id, mdtrt_id, target_key))

    violations = []
    seen = set()
    for l in violating:
        amount = allocation.get(l['seq'], 0)
        if amount <= 0 and amount_given and round_to_fen(total) > 0:
            continue
        seen.add(id(l))
        violations.append((l, amount))
    if not demoted and len(violations) == len(violating):
        involved_lines = []
    else:
        involved_lines = [*demoted, *(l for l in violating if id(l) not in seen)]
    involved_encounters = []
    for k, item in enumerate(hit['involved']):
        ik = rule['outcome']['involved'][k] if k < len(rule['outcome']['involved']) else None
        if ik == 'encounters':
            _collect(item, involved_encounters)
        elif ik == 'lines':
            _collect(item, involved_lines)
    draft = Draft()
    draft.order = violating[0]['seq'] if violating else 0
    draft.total = total
    draft.violations = violations
    draft.involved_lines = [l for l in _unique_by_seq(involved_lines) if id(l) not in seen]
    draft.involved_encounters = list(dict.fromkeys(e['mdtrt_id'] for e in involved_encounters))
    if population is not None:
        owners = {}
        for l in draft.involved_lines:
            owner = population['owner'].get(id(l))
            if owner is not None and owner != patn_id:
                owners[id(l)] = owner
        for e in involved_encounters:
            if e.get('patn_id') and e['patn_id'] != patn_id:
                owners[e['mdtrt_id']] = e['patn_id']
        if owners:
            draft.owners = owners

    evidence = []

    def add_evidence(e):
        if isinstance(e, str) and len(js_trim(e)) > 0 and e not in evidence:
            evidence.append(e)
    add_evidence(rule['basis'])
    for e in hit['evidence'] or []:
        add_evidence(e)
    message = hit['message'] if hit['message'] and js_trim(hit['message']) else _default_message(rule, violating, kind, target)
    category = rule['category']
    behavior = data['behaviorCodes'].get(category) if category else None
    draft.result = {
        'jr_id': jr_id, 'rule_id': rule['id'], 'rule_name': rule['name'], 'vola_cont': message, 'patn_id': patn_id, 'mdtrt_id': mdtrt_id,
        'vola_amt': money_to_number(total), 'vola_amt_stas': stas, 'sev_deg': data['levelCodes'].get(rule['level'], ''),
        'vola_evid': '；'.join(evidence), 'vola_bhvr_type': behavior or '',
        'judge_result_detail_dtos': _details(jr_id, patn_id, draft)
    }
    return draft


def _details(jr_id, patn_id, draft):
    details = []
    owners = draft.owners or {}
    for line, amount in draft.violations:
        details.append({'jrd_id': '', 'patn_id': patn_id, 'mdtrt_id': line['mdtrt_id'], 'rx_id': line['rx_id'], 'vola_item_type': '1', 'vola_amt': money_to_number(amount)})
    for line in draft.involved_lines:
        details.append({'jrd_id': '', 'patn_id': owners.get(id(line), patn_id), 'mdtrt_id': line['mdtrt_id'], 'rx_id': line['rx_id'], 'vola_item_type': '2', 'vola_amt': 0})
    for m in draft.involved_encounters:
        details.append({'jrd_id': '', 'patn_id': owners.get(m, patn_id), 'mdtrt_id': m, 'rx_id': '', 'vola_item_type': '2', 'vola_amt': 0})
    for i, d in enumerate(details):
        d['jrd_id'] = f'{jr_id}-{i + 1}'
    return details


def merge_findings(drafts, pack_id):
    if len(drafts) == 1:
        return drafts[0]
    first = drafts[0].result
    amounts = {}
    lines_by_seq = {}
    involved = {}
    encounters = {}
    total = 0
    stas = '1'
    evidence = []
    owners = {}
    for d in drafts:
        for line, amount in d.violations:
            amounts[id(line)] = jadd(amounts.get(id(line), 0), amount)
            lines_by_seq[id(line)] = line
        for l in d.involved_lines:
            involved.setdefault(id(l), l)
        if d.owners:
            owners.update(d.owners)
        for e in d.involved_encounters:
            encounters.setdefault(e, None)
        total = jadd(total, d.total)
        if d.result['vola_amt_stas'] == '0':
            stas = '0'
        for e in d.result['vola_evid'].split('；'):
            if e and e not in evidence:
                evidence.append(e)
    merged = Draft()
    merged.violations = sorted(((lines_by_seq[s], a) for s, a in amounts.items()), key=lambda v: v[0]['seq'])
    merged.order = min(d.order for d in drafts)
    merged.total = total
    merged.involved_lines = _unique_by_seq([l for s, l in involved.items() if s not in amounts])
    merged.involved_encounters = list(encounters)
    if owners:
        merged.owners = owners
    kp = first.get('zhishen', {}).get('kp_id', '') if first.get('zhishen') else ''
    jr_id = fnv1a64(jr_id_input(pack_id, first['rule_id'], kp, first['patn_id'], first['mdtrt_id'], 'K'))
    result = dict(first)
    result['jr_id'] = jr_id
    result['vola_cont'] = f"{first['vola_cont']}（同一知识点本次就诊共 {len(drafts)} 条，已合并）"
    result['vola_amt'] = money_to_number(total)
    result['vola_amt_stas'] = stas
    result['vola_evid'] = '；'.join(evidence)
    result['judge_result_detail_dtos'] = []
    if first.get('zhishen'):
        z = dict(first['zhishen'])
        z['merged'] = len(drafts)
        result['zhishen'] = z
    merged.result = result
    result['judge_result_detail_dtos'] = _details(jr_id, first['patn_id'], merged)
    return merged


def deduplicate_amounts(drafts, rank):
    line_drafts = [d for d in drafts if d.violations]
    if not line_drafts:
        return
    keyed = [(d, rank(d)) for d in line_drafts]
    if len(keyed) > 1:
        keyed.sort(key=lambda x: (x[1][0], x[1][1], _utf16_key(x[0].result['jr_id'])))
    remaining = {}
    for d, _ in keyed:
        if d.result['vola_amt_stas'] == '0':
            continue
        total = 0
        changed = False
        takens = []
        for k, (line, amount) in enumerate(d.violations):
            left = remaining.get(line['seq'])
            if left is None:
                left = max(0, round_to_fen(line['sumamt']))
            taken = min(amount, left)
            remaining[line['seq']] = left - taken
            takens.append(taken)
            total = jadd(total, taken)
            if taken != amount:
                changed = True
                d.result['judge_result_detail_dtos'][k]['vola_amt'] = money_to_number(taken)
        if not changed:
            continue
        if not is_exact(total):
            total = exact_sum(takens)
        rule_amount = d.result['vola_amt']
        d.result['vola_amt'] = money_to_number(total)
        if d.result.get('zhishen') is not None and rule_amount != d.result['vola_amt']:
            d.result['zhishen']['rule_amt'] = rule_amount


def _utf16_key(s: str):
    return s.encode('utf-16-be', 'surrogatepass')


def assemble_findings(emitted, merge, rank, pack_id, levels_count):
    """assembleFindings：emitted 为 [(patient, rule, instance, draft)]（已按求值次序）。"""
    emitted.sort(key=lambda e: (e[0], e[1], e[2], e[3].order))
    seen = set()
    kept = []
    for e in emitted:
        jr = e[3].result['jr_id']
        if jr in seen:
            continue
        seen.add(jr)
        kept.append(e)
    any_merge = any(merge)
    result = []
    start = 0
    while start < len(kept):
        end = start + 1
        while end < len(kept) and kept[end][0] == kept[start][0]:
            end += 1
        patient = _merge_patient(kept[start:end], merge, pack_id) if any_merge else kept[start:end]
        ranks = {id(e[3]): (rank[e[1]] if e[1] < len(rank) else (levels_count, 0)) for e in patient}
        deduplicate_amounts([e[3] for e in patient], lambda d: ranks[id(d)])
        result.extend(e[3].result for e in patient)
        start = end
    return result


def _merge_patient(patient, merge, pack_id):
    out = []
    start = 0
    while start < len(patient):
        end = start + 1
        first = patient[start]
        if merge[first[1]]:
            while end < len(patient) and patient[end][1] == first[1] and patient[end][2] == first[2]:
                end += 1
        out.append(first if end - start == 1 else (first[0], first[1], first[2], merge_findings([e[3] for e in patient[start:end]], pack_id)))
        start = end
    return out


# ───────────── screen.ts：assemble() ─────────────

def _from_sql(v):
    """screen.ts 的 fromSql / num：BIGINT → Number（超出安全整数时与 Number(bigint) 同样舍入）。
    Spark 上精确的整数中间结果是 DECIMAL(38,0)（DuckDB 是 HUGEINT，到 JS 是 bigint）：取整数值。"""
    if isinstance(v, Decimal):
        v = int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, int) and not isinstance(v, bool) and not -SAFE <= v <= SAFE:
        return int(float(v))
    return v


_num = _from_sql


def _part_value(part, row, instance):
    if 'col' in part:
        return _from_sql(row.get(part['col']))
    v = part['values'][instance]
    if isinstance(v, dict):
        raise AssemblyError(f"插值在构建时求值失败：{v['error']}")
    return v


def assemble(data, hits, claims, lines, requests, population=None):
    """screen.ts 的 assemble()：返回 [(请求, 结果列表)]，只含有结果的请求，按 requests 的次序。
    population（PopulationRecords，可省）：筛查集合的理赔键（只组装集合里的理赔：同一就诊号只审核装载次序中的第一张；None 为全部）、
    命中行提到的别的理赔的明细（"claim_key#seq" → (明细, 患者)）与就诊的患者（就诊号 → 患者）。"""
    if not hits:
        return []
    rules = data['rules']
    phase = data['phase']
    population = population or PopulationRecords()
    used = data.get('usesPopulation', False)
    by_request = {}
    for r in requests:
        select = rule_selector(r['trig_scen'], r['rule_ids'], phase)
        by_request[r['request_key']] = {'info': r, 'select': select, 'memo': {}, 'drafts': []}
    # "claim_key#seq" → 明细：本批请求自己的明细用同一个对象（按对象去重，同 screen.ts 的 populationRecords），先全部解析，
    # 明细所在理赔的患者（population.owners）在组装每条结果之前就齐
    resolved = {}
    owner = {}
    for r, row in hits:
        plan = rules[r]['plan']
        cols = [inv['col'] for inv in plan['involved'] if inv['col'] is not None and inv['kind'] == 'lines']
        if plan['violation'] in ('line', 'lines'):
            cols.append('v')
        for col in cols:
            for v in row.get(col) or []:
                if isinstance(v, str) and v not in resolved and v in population.lines:
                    record, patn = population.lines[v]
                    ck, _sep, seq = v.rpartition('#')
                    line = lines.get(ck, {}).get(int(seq)) or dict(record)
                    resolved[v] = line
                    owner[id(line)] = patn
    for order_in_hits, (r, row) in enumerate(hits):
        rule = rules[r]
        plan = rule['plan']
        ck = str(row['ck'])
        claim = claims.get(ck)
        if claim is None or (population.claims is not None and ck not in population.claims):
            continue  # 不在筛查集合：同一就诊号已由更早装载的理赔审核
        request = by_request[claim['request_key']]
        ok = request['memo'].get(r)
        if ok is None:
            ok = rule['enabled'] and request['select'](rule)
            request['memo'][r] = ok
        if not ok:
            continue
        inst = int(row['inst'])
        claim_lines = lines.get(ck, {})

        def pick(v):
            return [resolved.get(s) if isinstance(s, str) else claim_lines.get(int(s)) for s in (v or [])]
        vk = plan['violation']
        if vk == 'line':
            picked = pick(row.get('v'))
            violation = picked[0] if picked else None
        elif vk == 'lines':
            violation = pick(row.get('v'))
        elif vk == 'encounter':
            violation = {'mdtrt_id': js_string(row.get('v'))}
        elif vk == 'diagnosis':
            violation = {'dise_id': row.get('v_id'), 'dise_codg': row.get('v_code'), 'dise_name': row.get('v_name')}
        elif vk == 'operation':
            violation = {'setl_list_oprn_id': row.get('v_id'), 'oprn_code': row.get('v_code'), 'oprn_name': row.get('v_name')}
        else:
            violation = None
        hit = {'violation': violation}
        if plan['hasAmount']:
            hit['amount'] = _num(row.get('amt'))
        involved = []
        for inv in plan['involved']:
            if inv['col'] is None:
                involved.append(None)
            elif inv['kind'] == 'lines':
                involved.append(pick(row.get(inv['col'])))
            elif inv.get('population'):
                involved.append([{'mdtrt_id': i, 'patn_id': population.patients.get(i)} for i in (row.get(inv['col']) or [])])
            else:
                involved.append([{'mdtrt_id': i} for i in (row.get(inv['col']) or [])])
        hit['involved'] = involved
        if plan['message'] is None:
            hit['message'] = None
        else:
            parts = []
            for p in plan['message']:
                if isinstance(p, str):
                    parts.append(p)
                elif 'col' in p:
                    parts.append(format_value(_from_sql(row.get(p['col'])), p['display']))
                else:
                    parts.append(_part_value(p, row, inst))
            hit['message'] = ''.join(parts)
        hit['evidence'] = [_part_value(p, row, inst) for p in plan['evidence']]
        kp_id = rule['instances'][inst]
        context = None
        if used:
            context = {'own': {id(l) for l in claim_lines.values() if l['is_current_encounter']}, 'owner': owner}
        draft = build_finding(data, rule, kp_id, claim['patn_id'], claim['curr_mdtrt_id'], hit, context)
        if draft is None:
            continue
        draft.result['zhishen'] = zhishen_extension(rule, kp_id)
        request['drafts'].append((claim['patient_index'], r, inst, int(row['ord']), order_in_hits, draft))
    merge = [r['merge'] for r in rules]
    rank = [tuple(r['rank']) for r in rules]
    out = []
    for entry in by_request.values():
        drafts = entry['drafts']
        drafts.sort(key=lambda d: (d[0], d[1], d[2], d[5].order, d[3]))
        result = assemble_findings([(d[0], d[1], d[2], d[5]) for d in drafts], merge, rank, data['packId'], len(data['levels']))
        if result:
            out.append((entry['info'], result))
    return out


class PopulationRecords:
    """命中行提到的筛查集合记录（screen.ts 的 PopulationRecords + zs_pop_claims）：
    claims：筛查集合的理赔键（None：组装全部理赔）；lines："claim_key#seq" → (明细, 它所在理赔的患者)；patients：就诊号 → 患者。"""

    def __init__(self, claims=None, lines=None, patients=None):
        self.claims = claims
        self.lines = lines or {}
        self.patients = patients or {}


def population_ids(data, hits):
    """命中行里要从筛查集合取回的记录：(理赔键, 明细标识 "claim_key#seq", 就诊号)——逐张理赔的命中行的理赔
    （只组装集合里的）、结果里别的理赔的明细与涉及的集合中的就诊（它们的患者）。统计组命中行不属于某个请求，不在其中。"""
    claims, line_ids, encounter_ids = set(), set(), set()
    for r, row in hits:
        plan = data['rules'][r]['plan']
        if plan.get('cohort'):
            continue
        claims.add(str(row['ck']))
        if plan['violation'] in ('line', 'lines'):
            line_ids.update(v for v in row.get('v') or [] if isinstance(v, str))
        for inv in plan['involved']:
            if inv['col'] is None:
                continue
            values = row.get(inv['col']) or []
            if inv['kind'] == 'lines':
                line_ids.update(v for v in values if isinstance(v, str))
            elif inv['kind'] == 'encounters' and inv.get('population'):
                encounter_ids.update(js_string(v) for v in values)
    return claims, line_ids, encounter_ids


def split_hits(data, hits):
    """命中行 → (逐张理赔的, 统计组的)。"""
    per_claim, cohort = [], []
    for r, row in hits:
        (cohort if data['rules'][r]['plan'].get('cohort') else per_claim).append((r, row))
    return per_claim, cohort


# ───────────── 统计组（findings.ts 的 buildCohortFinding，screen.ts 的 assembleSet） ─────────────

LEVEL_OF_KEY = {
    'medins_id': ('机构', 'medins_id'), 'dr_codg': ('医师', 'dr_codg'), 'adm_dept_codg': ('科室', 'dept_codg'),
    'dscg_dept_codg': ('科室', 'dept_codg'), 'patn_id': ('患者', None)
}


def _statistic_number(value, display):
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and display in ('money', 'number', 'quantity'):
        return js_to_number(format_decimal(int(value)))
    return format_value(value, display)


def build_cohort_finding(data, rule, kp_id, hit, period):
    """统计组命中 → 一条结果（契约 P5）：hit 的 violation 是 {'key', 'encounters': [{'mdtrt_id', 'patn_id'}]}。"""
    cohort = hit['violation']
    props = rule['cohort']['keyProps']
    keys = json_parse(cohort['key']) if len(props) > 1 and isinstance(cohort['key'], str) else [cohort['key']]
    population = {'level': '分组', 'key': keys if len(props) > 1 else cohort['key'], 'period': period, 'claims': len(cohort['encounters'])}
    patn_id = ''
    for i, prop in enumerate(props):
        info = LEVEL_OF_KEY.get(prop) if prop else None
        value = keys[i] if i < len(keys) else None
        if info is None or not isinstance(value, str):
            continue
        if population['level'] == '分组':
            population['level'] = info[0]
        if info[1]:
            population[info[1]] = value
        if info[0] == '患者':
            patn_id = value
    stas = '1'
    total = 0
    if 'amount' in hit:
        if hit['amount'] is None:
            stas = '0'
        else:
            total = hit['amount']
    if total < 0:
        total = 0
        stas = '0'
    statistic = rule['cohort']['statistic']
    if statistic and hit.get('statistic'):
        st = hit['statistic']
        population['statistic'] = {'name': statistic['name'], 'value': _statistic_number(st['value'], statistic['display']),
                                   'text': format_value(st['value'], statistic['display'])}
        if statistic.get('peerName'):
            population['statistic']['peer_name'] = statistic['peerName']
        population['statistic']['peer_value'] = _statistic_number(st['peer'], statistic['display'])
        population['statistic']['peer_text'] = format_value(st['peer'], statistic['display'])
    target = 'G:' + escape_part(json_stringify(population['key']), ':')
    jr_id = fnv1a64(jr_id_input(data['packId'], rule['id'], kp_id or '', patn_id, '', target))
    details = [{'jrd_id': f'{jr_id}-{i + 1}', 'patn_id': e['patn_id'], 'mdtrt_id': e['mdtrt_id'], 'rx_id': '', 'vola_item_type': '2', 'vola_amt': 0}
               for i, e in enumerate(cohort['encounters'])]
    evidence = []
    for e in [rule['basis'], *(hit['evidence'] or [])]:
        if isinstance(e, str) and len(js_trim(e)) > 0 and e not in evidence:
            evidence.append(e)
    name = population.get('medins_id') or population.get('dr_codg') or population.get('dept_codg')
    if name is None:
        name = patn_id or json_stringify(cohort['key'])
    category = rule['category']
    behavior = data['behaviorCodes'].get(category) if category else None
    result = {
        'jr_id': jr_id, 'rule_id': rule['id'], 'rule_name': rule['name'],
        'vola_cont': hit['message'] if hit['message'] and js_trim(hit['message']) else f"{rule['name']}：{population['level']}「{name}」",
        'patn_id': patn_id, 'mdtrt_id': '', 'vola_amt': money_to_number(total), 'vola_amt_stas': stas,
        'sev_deg': data['levelCodes'].get(rule['level'], ''), 'vola_evid': '；'.join(evidence), 'vola_bhvr_type': behavior or '',
        'judge_result_detail_dtos': details
    }
    if population.get('medins_id'):
        result['medins_id'] = population['medins_id']
    if population.get('dr_codg'):
        result['dr_codg'] = population['dr_codg']
    result['population'] = population
    return result


def assemble_set(data, hits, period):
    """screen.ts 的 assembleSet：统计组规则的命中行 [(规则, 行)] → 结果（按规则、实例、元素次序；同一 jr_id 只留第一条）。
    规则按筛查的选择（没有 trig_scen 与 rule_ids，按环节）。period：{'from', 'to'}（集合中就诊的最早与最晚日期）。"""
    rules = data['rules']
    select = rule_selector(None, None, data['phase'])
    ordered = sorted(hits, key=lambda h: (h[0], int(h[1]['inst']), int(h[1]['ord'])))
    seen = set()
    out = []
    for r, row in ordered:
        rule = rules[r]
        if not rule['enabled'] or not select(rule):
            continue
        plan = rule['plan']
        cohort = plan['cohort']
        inst = int(row['inst'])
        keys = [_from_sql(row.get(f'k{j}')) for j in range(cohort['keys'])]
        ids = row.get('v') or []
        patients = row.get('v_patn') or []
        violation = {'key': json_stringify(keys) if cohort['keys'] > 1 else (keys[0] if keys else None),
                     'encounters': [{'mdtrt_id': js_string(i), 'patn_id': patients[k] if k < len(patients) else None} for k, i in enumerate(ids)]}
        hit = {'violation': violation}
        if plan['hasAmount']:
            hit['amount'] = _num(row.get('amt'))
        hit['message'] = None if plan['message'] is None else ''.join(
            p if isinstance(p, str) else format_value(_from_sql(row.get(p['col'])), p['display']) if 'col' in p else _part_value(p, row, inst)
            for p in plan['message'])
        hit['evidence'] = [_part_value(p, row, inst) for p in plan['evidence']]
        if cohort['statistic']:
            hit['statistic'] = {'value': _from_sql(row.get('st_v')), 'peer': _from_sql(row.get('st_p')) if cohort['peer'] else None}
        kp_id = rule['instances'][inst]
        result = build_cohort_finding(data, rule, kp_id, hit, period)
        if result['jr_id'] in seen:
            continue
        seen.add(result['jr_id'])
        result['zhishen'] = zhishen_extension(rule, kp_id)
        out.append(result)
    return out


# ───────────── 组装的输入：理赔库各表的行 → claims / lines / requests ─────────────

REQUEST_COLUMNS = ('request_key', 'batch', 'file', 'line_no', 'task_id', 'trig_scen', 'rule_ids')


class Inputs:
    """组装要读的理赔库列（screen.ts 的三条 SELECT）：按 claim_key 收集。add_* 接受以列名为键的 dict。"""

    def __init__(self):
        self.claims = {}
        self.lines = {}
        self.requests = []

    def add_claim(self, c):
        self.claims[c['claim_key']] = {'request_key': c['request_key'], 'patient_index': c['patient_index'], 'patn_id': c['patn_id'],
                                       'curr_mdtrt_id': c['curr_mdtrt_id']}

    def add_line(self, l):
        self.lines.setdefault(l['claim_key'], {})[l['seq']] = {
            'seq': l['seq'], 'rx_id': l['rx_id'], 'mdtrt_id': l['mdtrt_id'], 'sumamt': l['sumamt'], 'is_current_encounter': l['is_current_encounter'] is True,
            'curr_drord_flag': l['curr_drord_flag'] is True, 'hilist_name': l['hilist_name'], 'hilist_code': l['hilist_code']}

    def add_request(self, r):
        self.requests.append({k: r[k] for k in REQUEST_COLUMNS})


def inputs_from_rows(loaded, tables):
    """request_rows 的结果（多个请求）→ Inputs。tables：表名 → 列。"""
    names = {t: [c['name'] for c in cols] for t, cols in tables.items()}
    inputs = Inputs()
    for rows in loaded:
        for row in rows['requests']:
            inputs.add_request(dict(zip(names['requests'], row)))
        for row in rows['claims']:
            inputs.add_claim(dict(zip(names['claims'], row)))
        for row in rows['lines']:
            inputs.add_line(dict(zip(names['lines'], row)))
    return inputs
