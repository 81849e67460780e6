"""3101 入参 → 理赔库各表的行：runtime/src/claim/normalize.ts（normalizeRequest，FULL_LINE_PLAN，空字典）与
store/src/rows.ts（requestRows）的逐条移植。同样的行、同样的错误（ZR 编码、中文信息、路径）、同样的键。

校验的次序与 JS 相同（第一个错误决定信息），所以字段按 normalize.ts 里的求值次序读取。
表的列来自 schema.json（由 store/src/schema.ts 导出），这里只产生记录的属性。
"""
from __future__ import annotations

import hashlib
import json
import re

from .jsvalues import JS_WS, json_parse, WS_CLASS, is_number, jadd, js_length, js_mod, js_round, js_slice_prefix, js_string, js_trim, json_stringify
from .values import (ExactRangeError, INVALID, MAX_DIGITS, MAX_EXPONENT, MAX_MAGNITUDE_TEXT, MINUTES_PER_DAY, age_in_years,
                     decimal_problem, format_decimal, format_money, is_exact, mul_to_fen, parse_date_time, parse_decimal)


class InputError(Exception):
    def __init__(self, detail: dict):
        super().__init__(detail['message'])
        self.detail = detail


def _is_object(v) -> bool:
    return isinstance(v, dict)


def _json_kind(v) -> str:
    if isinstance(v, list):
        return '数组'
    if v is None:
        return '空值'
    if isinstance(v, dict):
        return '对象'
    if isinstance(v, str):
        return '文本'
    if isinstance(v, bool):
        return '布尔值'
    if is_number(v):
        return '数字'
    return type(v).__name__


def shorten(value: str) -> str:
    return js_slice_prefix(value, 60) + '…' if js_length(value) > 60 else value


def _shown(value) -> str:
    return shorten(value if isinstance(value, str) else json_stringify(value))


def _fail(path, code, message, hint=None, patn_id=None):
    raise InputError({'code': code, 'path': str(path), 'message': message, 'hint': hint, 'patn_id': patn_id})


def _join(path, key):
    p = str(path)
    return f"{p}{'' if p == '' else '.'}{key}"


def _wrong_type(value, key, path, expected, patn_id=None):
    if isinstance(value, list):
        first = value[0] if len(value) > 0 and value[0] is not None else ''
        hint = f'写成单个值，如 "{key}": {json_stringify(first)}'
    else:
        hint = f'写成{expected}'
    _fail(_join(path, key), 'ZR0014', f'{key} 应为{expected}，实际是{_json_kind(value)}「{shorten(json_stringify(value))}」', hint, patn_id)


def _text(value, key, path):
    if value is None:
        return None
    if isinstance(value, str):
        return None if value == '' else value
    if isinstance(value, bool) or is_number(value):
        return js_string(value)
    _wrong_type(value, key, path, '文本')


def _code(value, key, path):
    t = _text(value, key, path)
    if t is None:
        return None
    trimmed = js_trim(t)
    return None if trimmed == '' else trimmed


def _ident(value, key, path):
    t = _text(value, key, path)
    if t is None or js_trim(t) == '':
        return None
    if '\ufffd' in t:
        _fail(_join(path, key), 'ZR0018', f'{key}「{shorten(t)}」含替换字符 U+FFFD：输入不是有效的 UTF-8，或上游已把坏字节替换掉', '按 UTF-8 编码输出理赔（GBK 等编码请先转换）')
    return t


def _flag(value, key, path) -> bool:
    if isinstance(value, (dict, list)):
        _wrong_type(value, key, path, '标志（1 / 0）')
    return (is_number(value) and value == 1) or value == '1' or value is True or value == 'Y' or value == 'y'


_JSON_TEXT = re.compile(WS_CLASS + r'*[\[{]')


def _list(value, key, path, patn_id):
    if isinstance(value, list):
        return value
    if value is None or value == '':
        return []
    hint = '它是 JSON 编码后的文本：直接放入数组，不要再编码一次' if isinstance(value, str) and _JSON_TEXT.match(value) else '写成数组：[ … ]'
    _fail(f'{path}.{key}', 'ZR0014', f'{key} 应为数组，实际是{_json_kind(value)}', hint, patn_id)


class Loc:
    __slots__ = ('parent', 'list', 'index')

    def __init__(self, parent, lst, index):
        self.parent, self.list, self.index = parent, lst, index

    def __str__(self):
        return f'{self.parent}.{self.list}[{self.index}]'


_RULE_IDS_SPLIT = re.compile(r'[,，' + re.escape(JS_WS) + r']+')


def normalize_request(data) -> dict:
    """normalizeRequest(input, {}, FULL_LINE_PLAN)：{task_id, syscode, trig_scen, rule_ids, claims, errors}。"""
    request = {'syscode': None, 'task_id': None, 'trig_scen': None, 'rule_ids': None, 'claims': [], 'errors': []}
    if not _is_object(data):
        request['errors'].append({'code': 'ZR0001', 'path': '', 'message': '请求不是 JSON 对象', 'hint': '输入应为 3101/3102 的 input.data 对象：{ "patient_dtos": [ … ] }'})
        return request
    try:
        request['task_id'] = _text(data.get('task_id'), 'task_id', '')
        request['syscode'] = _text(data.get('syscode'), 'syscode', '')
        request['trig_scen'] = _text(data.get('trig_scen'), 'trig_scen', '')
        rule_ids = data.get('rule_ids')
        if isinstance(rule_ids, list):
            ids = [_text(v, f'rule_ids[{k}]', '') for k, v in enumerate(rule_ids)]
            request['rule_ids'] = [s for s in ids if s is not None]
        elif isinstance(rule_ids, str) and js_trim(rule_ids):
            request['rule_ids'] = [s for s in _RULE_IDS_SPLIT.split(rule_ids) if s]
        elif rule_ids is not None and rule_ids != '':
            _wrong_type(rule_ids, 'rule_ids', '', '规则编号的数组或以逗号分隔的文本')
    except InputError as error:
        request['errors'].append(_with_ids(error.detail, request['task_id'], data))
        return request
    patients = data.get('patient_dtos')
    if not isinstance(patients, list):
        request['errors'].append({'code': 'ZR0002', 'path': 'patient_dtos', 'message': '缺少 patient_dtos 数组', 'hint': '3101 入参的患者列表放在 patient_dtos 中'})
        return request
    for i, p in enumerate(patients):
        try:
            request['claims'].append(_normalize_patient(p, i))
        except InputError as error:
            request['errors'].append(_with_ids(error.detail, request['task_id'], p))
    return request


def _readable_id(value):
    if isinstance(value, str) and js_trim(value) != '':
        return value
    if is_number(value):
        return js_string(value)
    return None


def _with_ids(detail: dict, task_id, patient) -> dict:
    result = dict(detail)
    if task_id is not None:
        result['task_id'] = task_id
    if _is_object(patient):
        patn_id = _readable_id(patient.get('patn_id'))
        if result.get('patn_id') is None and patn_id is not None:
            result['patn_id'] = patn_id
        if result.get('mdtrt_id') is None:
            encounters = patient.get('fsi_encounter_dtos')
            current = _readable_id(patient.get('curr_mdtrt_id'))
            if current is None and isinstance(encounters, list) and len(encounters) == 1 and _is_object(encounters[0]):
                current = _readable_id(encounters[0].get('mdtrt_id'))
            if current is not None:
                result['mdtrt_id'] = current
    out = {'code': result['code'], 'path': result['path'], 'message': result['message']}
    for k in ('hint', 'task_id', 'patn_id', 'mdtrt_id'):
        if result.get(k) is not None:
            out[k] = result[k]
    return out


class _Reader:
    __slots__ = ('patn_id',)

    def __init__(self, patn_id):
        self.patn_id = patn_id

    def money(self, raw, key, path):
        if raw is None or raw == '':
            return None
        value = parse_decimal(raw)
        if value is None:
            if decimal_problem(raw) == 'range':
                _fail(f'{path}.{key}', 'ZR0015', f'{key} 的值「{_shown(raw)}」超出可表示的范围',
                      f'数值的绝对值不超过 {MAX_MAGNITUDE_TEXT}，有效数字不超过 {MAX_DIGITS} 位、指数不超过 ±{MAX_EXPONENT}（{key} 可能写错了单位或位数）', self.patn_id)
            _fail(f'{path}.{key}', 'ZR0010', f'{key} 的值「{_shown(raw)}」不是数字', '金额与数量写成数字，如 12.5', self.patn_id)
        return value

    def day(self, raw, key, path):
        parsed = parse_date_time(raw)
        if parsed is INVALID:
            _fail(f'{path}.{key}', 'ZR0011', f'{key} 的值「{_shown(raw)}」不是日期', '日期写成 2024-03-01 或 2024-03-01 08:30:00', self.patn_id)
        return parsed[0] if parsed else None

    def time(self, raw, key, path):
        parsed = parse_date_time(raw)
        if parsed is INVALID:
            _fail(f'{path}.{key}', 'ZR0011', f'{key} 的值「{_shown(raw)}」不是日期时间', '写成 2024-03-01 08:30:00', self.patn_id)
        return (parsed[0], parsed[1]) if parsed else None


def _normalize_patient(raw, patient_index: int) -> dict:
    path = f'patient_dtos[{patient_index}]'
    if not _is_object(raw):
        _fail(path, 'ZR0003', '患者不是 JSON 对象')
    patn_id = _ident(raw.get('patn_id'), 'patn_id', path)
    if patn_id is None:
        _fail(f'{path}.patn_id', 'ZR0004', '缺少人员编号 patn_id', '每个患者都需要 patn_id')
    read = _Reader(patn_id)
    gend_code = _code(raw.get('gend'), 'gend', path)
    brdy = read.day(raw.get('brdy'), 'brdy', path)
    patient = {'patn_id': patn_id, 'patn_name': _text(raw.get('patn_name'), 'patn_name', path), 'gend': None, 'gend_code': gend_code,
               'brdy': brdy, 'age': None, 'poolarea': None}
    patient['poolarea'] = _text(raw.get('poolarea'), 'poolarea', path)
    encounters_raw = _list(raw.get('fsi_encounter_dtos'), 'fsi_encounter_dtos', path, patn_id)
    if len(encounters_raw) == 0:
        _fail(f'{path}.fsi_encounter_dtos', 'ZR0005', '缺少就诊列表 fsi_encounter_dtos（至少一次就诊）', None, patn_id)
    current_id = _ident(raw.get('curr_mdtrt_id'), 'curr_mdtrt_id', path)
    if current_id is None:
        if len(encounters_raw) == 1 and _is_object(encounters_raw[0]):
            current_id = _ident(encounters_raw[0].get('mdtrt_id'), 'mdtrt_id', Loc(path, 'fsi_encounter_dtos', 0))
        if current_id is None:
            _fail(f'{path}.curr_mdtrt_id', 'ZR0006', '缺少本次就诊编号 curr_mdtrt_id', '有多次就诊时必须指明被审核的是哪一次', patn_id)
    encounters = []
    notes: list[str] = []
    for j, entry in enumerate(encounters_raw):
        at = Loc(path, 'fsi_encounter_dtos', j)
        try:
            encounters.append(_normalize_encounter(entry, at, j, current_id, patn_id, read, notes))
        except InputError as error:
            eid = _readable_id(entry.get('mdtrt_id')) if _is_object(entry) else None
            if error.detail.get('mdtrt_id') is None and eid is not None:
                error.detail['mdtrt_id'] = eid
            raise
    current = next((e for e in encounters if e['is_current']), None)
    if current is None:
        _fail(f'{path}.curr_mdtrt_id', 'ZR0007', f'curr_mdtrt_id「{shorten(current_id)}」不是本患者任何一次就诊的 mdtrt_id', None, patn_id)
    history = sorted((e for e in encounters if not e['is_current']), key=lambda e: (e['adm_date'] if e['adm_date'] is not None else 0, e['index']))

    # 序号：全部明细按计费时间（同时刻历史在前、再按输入位置）稳定排序后编号
    if len(history) == 0:
        all_lines = current['lines']
    else:
        all_lines = [line for e in encounters for line in e['lines']]
    all_lines.sort(key=lambda l: (l['fee_time'] if l['fee_time'] is not None else 0, 1 if l['is_current_encounter'] else 0, l['index']))
    for k, line in enumerate(all_lines):
        line['seq'] = k + 1
    if len(history) > 0:
        current['lines'].sort(key=lambda l: l['seq'])
        for e in history:
            e['lines'].sort(key=lambda l: l['seq'])

    lines0 = current['lines']
    age_day = current['adm_date'] if current['adm_date'] is not None else (lines0[0]['fee_date'] if lines0 else None)
    if brdy is not None and age_day is not None and brdy > age_day:
        _fail(f'{path}.brdy', 'ZR0016', f"出生日期 brdy「{_shown(raw.get('brdy'))}」晚于本次就诊（{'入院' if current['adm_date'] is not None else '首条计费'}日期）",
              '检查出生日期与入院日期是否写反或写错年份', patn_id)
    patient['age'] = age_in_years(brdy, age_day) if brdy is not None and age_day is not None else None
    _check_prescriptions(current['lines'], path, patn_id)
    return {'patient': patient, 'encounter': current, 'history': history, 'all_lines': all_lines, 'notes': notes, 'patientIndex': patient_index}


def _check_prescriptions(lines, path, patn_id):
    """prescriptionsOf → groupLines(lines, rxno)：同一处方号的合计超出可精确表示的范围时是错误（ZR0012）。"""
    groups: dict = {}
    for line in lines:
        key = line['rxno']
        if key is None:
            continue  # 键为空的明细各自成组，合计就是它自己
        groups.setdefault(key, []).append(line)
    try:
        for members in groups.values():
            for prop in ('cnt', 'sumamt'):
                total = 0.0
                for l in members:
                    total += float(l[prop])
                if not is_exact(total):
                    from .values import exact_sum
                    exact_sum([l[prop] for l in members])
    except ExactRangeError as error:
        _fail(path, 'ZR0012', f'同一处方的明细金额合计{error}', '检查数量、单价、金额是否写错', patn_id)


def _normalize_encounter(raw, path, index, current_id, patn_id, read, notes):
    if not _is_object(raw):
        _fail(path, 'ZR0003', '就诊不是 JSON 对象', None, patn_id)
    g = raw.get
    mdtrt_id = _ident(g('mdtrt_id'), 'mdtrt_id', path)
    if mdtrt_id is None:
        _fail(f'{path}.mdtrt_id', 'ZR0008', '缺少就诊编号 mdtrt_id', None, patn_id)
    adm = read.time(g('adm_date'), 'adm_date', path)
    dscg = read.day(g('dscg_date'), 'dscg_date', path)
    medins_lv = _code(g('medins_lv'), 'medins_lv', path)
    _ident(g('mdtrt_id'), 'mdtrt_id', path)
    med_type = _code(g('med_type'), 'med_type', path)
    insutype = _code(g('insutype'), 'insutype', path)
    medins_type = _code(g('medins_type'), 'medins_type', path)
    e = {'mdtrt_id': mdtrt_id, 'patn_id': patn_id}
    e['medins_id'] = _text(g('medins_id'), 'medins_id', path)
    e['medins_name'] = _text(g('medins_name'), 'medins_name', path)
    e['medins_admdvs'] = _text(g('medins_admdvs'), 'medins_admdvs', path)
    e['medins_type'] = medins_type
    e['medins_lv'] = medins_lv
    e['adm_date'] = adm[0] if adm else None
    e['adm_time'] = adm[1] if adm else None
    e['dscg_date'] = dscg
    e['los'] = max(1, dscg - adm[0]) * MINUTES_PER_DAY if adm and dscg is not None else None
    for key in ('dscg_main_dise_codg', 'dscg_main_dise_name', 'dr_codg', 'adm_dept_codg', 'dscg_dept_codg'):
        e[key] = _text(g(key), key, path)
    e['med_type'] = med_type
    e['med_mdtrt_type'] = _text(g('med_mdtrt_type'), 'med_mdtrt_type', path)
    e['insutype'] = insutype
    e['matn_stas'] = _text(g('matn_stas'), 'matn_stas', path)
    for key in ('medfee_sumamt', 'ownpay_amt', 'selfpay_amt', 'hifp_payamt'):
        e[key] = read.money(g(key), key, path)
    e['lines'] = []
    e['diagnoses'] = []
    e['operations'] = []
    e['is_current'] = mdtrt_id == current_id
    e['index'] = index
    for k, d in enumerate(_list(g('fsi_diagnose_dtos'), 'fsi_diagnose_dtos', path, patn_id)):
        at = Loc(path, 'fsi_diagnose_dtos', k)
        if not _is_object(d):
            _fail(at, 'ZR0003', '诊断不是 JSON 对象', None, patn_id)
        dg = {'dise_id': _text(d.get('dise_id'), 'dise_id', at), 'inout_dise_type': _text(d.get('inout_dise_type'), 'inout_dise_type', at),
              'maindise_flag': _flag(d.get('maindise_flag'), 'maindise_flag', at)}
        srt = d.get('dias_srt_no')
        dg['dias_srt_no'] = None if srt is None or srt == '' else read.money(srt, 'dias_srt_no', at)
        dg['dise_codg'] = _code(d.get('dise_codg'), 'dise_codg', at)
        dg['dise_name'] = _text(d.get('dise_name'), 'dise_name', at)
        dg['dise_date'] = read.day(d.get('dise_date'), 'dise_date', at)
        dg['mdtrt_id'] = mdtrt_id
        e['diagnoses'].append(dg)
    for k, o in enumerate(_list(g('fsi_operation_dtos'), 'fsi_operation_dtos', path, patn_id)):
        at = Loc(path, 'fsi_operation_dtos', k)
        if not _is_object(o):
            _fail(at, 'ZR0003', '手术操作不是 JSON 对象', None, patn_id)
        op = {'setl_list_oprn_id': _text(o.get('setl_list_oprn_id'), 'setl_list_oprn_id', at), 'oprn_code': _code(o.get('oprn_code'), 'oprn_code', at)}
        op['oprn_name'] = _text(o.get('oprn_name'), 'oprn_name', at)
        op['main_oprn_flag'] = _flag(o.get('main_oprn_flag'), 'main_oprn_flag', at)
        op['oprn_date'] = read.day(o.get('oprn_date'), 'oprn_date', at)
        op['anst_way'] = _text(o.get('anst_way'), 'anst_way', at)
        op['mdtrt_id'] = mdtrt_id
        e['operations'].append(op)
    orders = _list(g('fsi_order_dtos'), 'fsi_order_dtos', path, patn_id)
    lines = []
    seen_rx: dict = {}
    for k, o in enumerate(orders):
        line = _normalize_line(o, Loc(path, 'fsi_order_dtos', k), k, e, patn_id, read)
        earlier = seen_rx.get(line['rx_id'])
        if earlier is not None:
            _fail(f'{path}.fsi_order_dtos[{k}].rx_id', 'ZR0013', f"明细标识 rx_id「{shorten(line['rx_id'])}」在本次就诊中重复（fsi_order_dtos[{earlier}] 与 [{k}]）",
                  '每条明细的 rx_id 在一次就诊内必须唯一，审核结果靠它指出违规明细', patn_id)
        seen_rx[line['rx_id']] = k
        lines.append(line)
    e['lines'] = _net_refunds(lines, notes)
    return e


def _normalize_line(raw, path, index, encounter, patn_id, read):
    if not _is_object(raw):
        _fail(path, 'ZR0003', '费用明细不是 JSON 对象', None, patn_id)
    g = raw.get
    rx_id = _ident(g('rx_id'), 'rx_id', path)
    if rx_id is None:
        _fail(f'{path}.rx_id', 'ZR0009', '缺少明细标识 rx_id', '审核结果用 rx_id 指出违规明细，每条明细都需要', patn_id)
    cnt_raw = read.money(g('cnt'), 'cnt', path)
    pric = read.money(g('pric'), 'pric', path)
    sumamt = read.money(g('sumamt'), 'sumamt', path)
    cnt = 0 if cnt_raw is None else cnt_raw
    if sumamt is None:
        try:
            sumamt = mul_to_fen(cnt, pric) if pric is not None else 0
        except ExactRangeError:
            _fail(f'{path}.sumamt', 'ZR0012', f"没有 sumamt，数量 × 单价（{_raw_string(raw, 'cnt')} × {_raw_string(raw, 'pric')}）超出可精确表示的范围",
                  '检查 cnt 与 pric 是否写错；或直接给出 sumamt', patn_id)
    occurred = read.time(g('fee_ocur_time'), 'fee_ocur_time', path)
    begin = read.time(g('drord_begn_date'), 'drord_begn_date', path)
    if occurred is not None:
        fee = occurred
    elif begin is not None:
        fee = begin
    elif encounter['adm_time'] is not None:
        fee = (encounter['adm_date'], encounter['adm_time'])
    else:
        fee = None
    curr_flag = g('curr_drord_flag')
    line = {'rx_id': rx_id, 'rxno': _text(g('rxno'), 'rxno', path)}
    line['hilist_code'] = _code(g('hilist_code'), 'hilist_code', path)
    line['hilist_name'] = _text(g('hilist_name'), 'hilist_name', path)
    line['cnt'] = cnt
    line['raw_cnt'] = cnt
    line['pric'] = pric
    line['sumamt'] = sumamt
    line['raw_sumamt'] = sumamt
    line['curr_drord_flag'] = not (curr_flag == '0' or (is_number(curr_flag) and curr_flag == 0))
    line['fee_time'] = fee[1] if fee else None
    line['fee_date'] = fee[0] if fee else None
    line['fee_hour'] = fee[1] - js_mod(fee[1], 60) if fee else None
    line['feedetl_sn'] = _text(g('feedetl_sn'), 'feedetl_sn', path)
    line['init_feedetl_sn'] = _text(g('init_feedetl_sn'), 'init_feedetl_sn', path)
    line['seq'] = 0
    line['mdtrt_id'] = encounter['mdtrt_id']
    line['is_current_encounter'] = encounter['is_current']
    line['index'] = index
    # 可选字段（FULL_LINE_PLAN：全部解析），次序同 normalize.ts
    line['grpno'] = _text(g('grpno'), 'grpno', path)
    line['long_drord_flag'] = _flag(g('long_drord_flag'), 'long_drord_flag', path)
    line['hilist_type'] = _code(g('hilist_type'), 'hilist_type', path)
    for key in ('chrg_type', 'drord_bhvr', 'hilist_dosform', 'hilist_lv'):
        line[key] = _text(g(key), key, path)
    line['hilist_pric'] = read.money(g('hilist_pric'), 'hilist_pric', path)
    line['hilist_memo'] = _text(g('hilist_memo'), 'hilist_memo', path)
    for key in ('lv1_hosp_item_pric', 'lv2_hosp_item_pric', 'lv3_hosp_item_pric'):
        line[key] = read.money(g(key), key, path)
    for key in ('hosplist_code', 'hosplist_name'):
        line[key] = _text(g(key), key, path)
    for key in ('ownpay_amt', 'selfpay_amt'):
        line[key] = read.money(g(key), key, path)
    for key in ('spec', 'spec_unt'):
        line[key] = _text(g(key), key, path)
    line['drord_begn_date'] = begin[0] if begin else None
    line['drord_stop_date'] = read.day(g('drord_stop_date'), 'drord_stop_date', path)
    for key in ('drord_dept_codg', 'drord_dr_codg', 'drord_dr_profttl'):
        line[key] = _text(g(key), key, path)
    line['drug_trac_codg'] = _trace_codes(g('drug_trac_codg'), 'drug_trac_codg', path)
    prd = read.money(g('prd_days'), 'prd_days', path)
    line['prd_days'] = None if prd is None else int(js_round(prd / 1_000_000)) * MINUTES_PER_DAY
    return line


def _raw_string(raw: dict, key: str) -> str:
    return js_string(raw[key]) if key in raw else 'undefined'


_TRACE_SPLIT = re.compile(r'[,，;；' + re.escape(JS_WS) + r']+')
_TRACE_PLACEHOLDER = re.compile(r'(?:|[-—–_/\\.·*]+|0+|无|空|暂无|null|none|n/a)', re.IGNORECASE)


def _trace_codes(trace, key, path):
    if isinstance(trace, list):
        codes = [s for s in (_text(c, f'{key}[{k}]', path) for k, c in enumerate(trace)) if s is not None]
    elif isinstance(trace, str) and js_trim(trace):
        codes = _TRACE_SPLIT.split(trace)
    elif isinstance(trace, dict):
        _wrong_type(trace, key, path, '追溯码的数组或文本')
    else:
        codes = []
    return [c for c in (js_trim(c) for c in codes) if not _TRACE_PLACEHOLDER.fullmatch(c)]


def _net_refunds(lines, notes):
    if not any(l['cnt'] < 0 or l['sumamt'] < 0 for l in lines):
        return lines
    by_sn = {}
    for l in lines:
        if l['feedetl_sn'] and l['cnt'] > 0:
            by_sn[l['feedetl_sn']] = l
    refunds = [l for l in lines if l['cnt'] < 0 or (l['cnt'] == 0 and l['sumamt'] < 0)]
    netted = set()
    candidates = None
    for refund in refunds:
        name = f"{shorten(refund['rx_id'])}（{shorten(refund['hilist_name'] if refund['hilist_name'] is not None else refund['hilist_code'] if refund['hilist_code'] is not None else '')}）"
        init = refund['init_feedetl_sn']
        target = by_sn.get(init) if init else None
        if init and target is None:
            notes.append(f'退费明细 {name}的 init_feedetl_sn「{shorten(init)}」不是本次就诊任何正向明细的 feedetl_sn：没有冲销任何明细，相关明细按原数量审核')
            continue
        if target is None:
            if candidates is None:
                candidates = _RefundCandidates(lines)
            target = candidates.latest(refund)
        if target is None:
            notes.append(f'退费明细 {name}找不到对应的原明细，已忽略')
            continue
        if jadd(target['cnt'], refund['cnt']) < 0 or jadd(target['sumamt'], refund['sumamt']) < 0:
            notes.append(f"退费明细 {name}（数量 {format_decimal(refund['cnt'])}、金额 {format_money(refund['sumamt'])}）超过原明细 {target['rx_id']}（余 {format_decimal(target['cnt'])}、{format_money(target['sumamt'])}）：原明细冲销到 0 不再审核，超出部分没有冲销其他明细")
            target['cnt'] = 0
            target['sumamt'] = 0
            netted.add(id(target))
            if candidates is not None:
                candidates.exhausted(target)
            continue
        target['cnt'] = jadd(target['cnt'], refund['cnt'])
        target['sumamt'] = jadd(target['sumamt'], refund['sumamt'])
        netted.add(id(target))
        if target['cnt'] <= 0 and candidates is not None:
            candidates.exhausted(target)
    refund_ids = {id(l) for l in refunds}
    return [l for l in lines if id(l) not in refund_ids and not (id(l) in netted and l['cnt'] <= 0)]


class _RefundCandidates:
    """没有 init_feedetl_sn 的退费找原明细：同一编码中计费时间不晚于退费、仍有余量的最后一条（normalize.ts 的 RefundCandidates）。"""

    def __init__(self, lines):
        groups: dict = {}
        for l in lines:
            if l['cnt'] <= 0:
                continue
            groups.setdefault(l['hilist_code'], []).append(l)
        self.by_code = {}
        self.where = {}
        for code, group in groups.items():
            group.sort(key=lambda l: (l['fee_time'] if l['fee_time'] is not None else 0, l['index']))
            alive = list(range(len(group) + 1))
            self.by_code[code] = (group, [l['fee_time'] if l['fee_time'] is not None else 0 for l in group], alive)
            for pos, l in enumerate(group):
                self.where[id(l)] = (code, pos)

    def latest(self, refund):
        entry = self.by_code.get(refund['hilist_code'])
        if entry is None:
            return None
        group, keys, alive = entry
        end = len(group)
        if refund['fee_time'] is not None:
            lo, hi = 0, len(keys)
            while lo < hi:
                mid = (lo + hi) >> 1
                if keys[mid] <= refund['fee_time']:
                    lo = mid + 1
                else:
                    hi = mid
            end = lo
        slot = _find(alive, end)
        return None if slot == 0 else group[slot - 1]

    def exhausted(self, line):
        at = self.where.get(id(line))
        if at is None:
            return
        self.by_code[at[0]][2][at[1] + 1] = at[1]


def _find(parent, i):
    root = i
    while parent[root] != root:
        root = parent[root]
    while parent[i] != root:
        parent[i], i = root, parent[i]
    return root


# ───────────── store/src/rows.ts：摊平成各表的行 ─────────────

ROW_TABLES = ('requests', 'claims', 'encounters', 'lines', 'diagnoses', 'operations', 'trace_codes')


# 理赔库装载（store/src/store.ts、rows.ts requestKey）：一行去掉文件开头的 BOM 与首尾的 ASCII 空白（制表、换行、回车、空格……），
# 键是这些 UTF-8 字节的 SHA-256 的前 28 个十六进制字符
ASCII_WS = ' \t\n\v\f\r'


def request_key(line: str) -> str:
    return hashlib.sha256(line.encode('utf-8', 'surrogatepass')).hexdigest()[:28]


def claim_key(request: str, patient_index: int) -> str:
    return f'{request}:{patient_index}'


def _pick(record: dict, columns, own: dict):
    return [(record.get(c['prop']) if 'prop' in c else own.get(c['name'])) for c in columns]


def request_rows(key: str, data, where: dict, tables: dict):
    """requestRows：{'key', 'request', 'rows': {表: [行]}}，或整个请求无法装入时 {'errors': [...]}。
    tables：表名 → 列（schema.json 的 columns：name、type、可选 prop）。"""
    request = normalize_request(data)
    if len(request['claims']) == 0:
        return {'errors': request['errors'] if request['errors'] else [{'code': 'ZR0001', 'message': '请求里没有可以装入的患者', 'path': ''}]}
    rows = {t: [] for t in ROW_TABLES}
    rows['requests'].append([key, where['batch'], where['file'], where['line'], request['task_id'], request['syscode'], request['trig_scen'],
                             request['rule_ids'], len(request['claims'])])
    for claim in request['claims']:
        _claim_rows(key, claim, rows, tables)
    return {'key': key, 'request': request, 'rows': rows}


def _claim_rows(key, claim, out, tables):
    ck = claim_key(key, claim['patientIndex'])
    out['claims'].append(_pick(claim['patient'], tables['claims'], {
        'claim_key': ck, 'request_key': key, 'patient_index': claim['patientIndex'], 'curr_mdtrt_id': claim['encounter']['mdtrt_id'], 'notes': claim['notes']}))
    order = {}
    for i, e in enumerate([claim['encounter'], *claim['history']]):
        out['encounters'].append(_pick(e, tables['encounters'], {'claim_key': ck, 'enc_order': i, 'enc_index': e['index']}))
        for pos, d in enumerate(e['diagnoses']):
            out['diagnoses'].append(_pick(d, tables['diagnoses'], {'claim_key': ck, 'enc_order': i, 'pos': pos}))
        for pos, o in enumerate(e['operations']):
            out['operations'].append(_pick(o, tables['operations'], {'claim_key': ck, 'enc_order': i, 'pos': pos}))
        for line in e['lines']:
            order[id(line)] = i
    for line in claim['all_lines']:
        out['lines'].append(_pick(line, tables['lines'], {'claim_key': ck, 'enc_order': order.get(id(line))}))
        for pos, code in enumerate(line['drug_trac_codg'] or []):
            out['trace_codes'].append([ck, line['seq'], pos, code])


def load_line(raw: str, line_no: int, file: str, batch: int, tables: dict, known: set):
    """理赔库装载一行 NDJSON（store/src/store.ts loadFile 的一次循环）：
    ('rejected', 错误) / ('duplicate', 键) / ('loaded', requestRows 的结果)。JSON 读不出时的信息是 Python 的（V8 的措辞无法复现）。"""
    text = (raw[1:] if line_no == 1 and raw.startswith('\ufeff') else raw).strip(ASCII_WS)
    if text == '':
        return ('rejected', {'code': 'ZR0000', 'message': '空行', 'path': ''})
    key = request_key(text)
    if key in known:
        return ('duplicate', key)
    try:
        parsed = json_parse(text)
    except json.JSONDecodeError as error:
        return ('rejected', {'code': 'ZR0000', 'message': f'不是有效的 JSON：第 {error.colno} 个字符附近有错（检查引号、逗号与括号）', 'path': ''})
    except (ValueError, RecursionError):
        return ('rejected', {'code': 'ZR0000', 'message': '不是有效的 JSON：含 NaN / Infinity 或嵌套过深', 'path': ''})
    try:
        rows = request_rows(key, parsed, {'file': file, 'line': line_no, 'batch': batch}, tables)
    except (ExactRangeError, RecursionError) as error:
        return ('rejected', {'code': 'ZR0000', 'message': f'规范化时出错：{error}', 'path': ''})
    if 'errors' in rows:
        first = rows['errors'][0]
        more = len(rows['errors']) - 1
        error = dict(first)
        if more > 0:
            error['message'] = f"{first['message']}（另有 {more} 处错误）"
        return ('rejected', error)
    known.add(key)
    return ('loaded', rows)
