// 筛查集合：全体就诊 / 全体明细（lookup 改写：等值、相交、空值），统计组（按患者与月份）、同级统计（百分位最近秩、
// 均值、总体标准差、组数，不含自己，至少 n；没有同级或机构等级未登记的不比较）、医保年度初。一个测试里的多份理赔是一次筛查。
规则 EV_PO_001 "同一追溯码在别的就诊结算过" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 其中 存在(m.追溯码)
    令 别处 = 全体明细 其中 相交(追溯码, m.追溯码) 且 就诊号 ≠ m.就诊号
    当 存在(别处)
    违规 m
    涉及 别处
    提示 "{m.编号} 与 {别处.编号} 同码"
}

规则 EV_PO_002 "同一患者的其他就诊" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  令 其他 = 全体就诊 其中 患者编号 = 就诊.患者编号 且 就诊号 ≠ 就诊.就诊号
  当 存在(其他)
  违规 就诊
  涉及 其他
  提示 "{就诊.就诊号}：其他就诊 {其他.就诊号}，同日 {计数(其他 其中 入院日期 = 就诊.入院日期)} 次"
}

规则 EV_PO_003 "同级统计的值" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  参数 分位 = 50
  参数 最少 = 3个
  对每组 全体就诊 g 按 机构编码 其中 开头是(机构编码, "G")
    令 费用 = g.金额 / g.次数
    令 中位 = 同级 百分位(费用, 分位) 按(g.机构等级) 至少 最少
    令 九十 = 同级 百分位(费用, 90) 按(g.机构等级) 至少 最少
    令 均 = 同级 均值(费用) 按(g.机构等级) 至少 最少
    令 差 = 同级 标准差(费用) 按(g.机构等级) 至少 最少
    令 数 = 同级 组数(费用) 按(g.机构等级)
    当 有值(费用)
    违规 g
    指标 费用 对比 九十
    提示 "{g.机构编码} {g.机构等级}：费用 {费用}，P{分位} {中位}，P90 {九十}，均值 {均}，标准差 {差}，同级 {数} 家，医保年度初 {医保年度初(g.首次.入院日期, 7)}"
}

规则 EV_PO_004 "同一患者同一自然月就诊两次以上" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每组 全体就诊 g 按 患者编号, 月初(入院日期)
    当 g.次数 >= 2
    违规 g
    指标 g.次数
}

测试 "追溯码与同一患者（lookup）" {
  理赔 {"task_id": "T1", "patient_dtos": [{"patn_id": "甲", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-01-10", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "r1", "hilist_type": "101", "hilist_code": "X1", "hilist_name": "X1", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-01-10 08:00:00", "drug_trac_codg": ["C1", "C2"]}]}]}]}
  理赔 {"task_id": "T2", "patient_dtos": [{"patn_id": "乙", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M2", "fsi_encounter_dtos": [{"mdtrt_id": "M2", "medins_id": "H2", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-01-12", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "r2", "hilist_type": "101", "hilist_code": "X1", "hilist_name": "X1", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-01-12 08:00:00", "drug_trac_codg": ["C2"]}, {"rx_id": "r3", "hilist_type": "101", "hilist_code": "X1", "hilist_name": "X1", "cnt": 1, "pric": 5, "sumamt": 5, "fee_ocur_time": "2024-01-12 08:00:00", "drug_trac_codg": []}]}]}]}
  理赔 {"task_id": "T3", "patient_dtos": [{"patn_id": "甲", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M3", "fsi_encounter_dtos": [{"mdtrt_id": "M3", "medins_id": "H3", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-01-20", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "r4", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 7, "sumamt": 7, "fee_ocur_time": "2024-01-20 08:00:00"}]}]}]}
  理赔 {"task_id": "T4", "patient_dtos": [{"patn_id": "甲", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M4", "fsi_encounter_dtos": [{"mdtrt_id": "M4", "medins_id": "H3", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-01-20", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "r5", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 7, "sumamt": 7, "fee_ocur_time": "2024-01-20 08:00:00"}]}]}]}
  期望 EV_PO_001 次数 2
  期望 EV_PO_001 违规项 "r1" 涉及项 "r2"
  期望 EV_PO_001 违规项 "r2" 涉及项 "r1"
  期望 EV_PO_002 次数 3
  期望 EV_PO_004 次数 1
  期望 EV_PO_004 涉及项 "M1", "M3", "M4"
}

测试 "同级统计：不含自己；至少 n；没有同级、等级未登记的不比较" {
  理赔 {"task_id": "G0", "patient_dtos": [{"patn_id": "患者0", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM0", "fsi_encounter_dtos": [{"mdtrt_id": "GM0", "medins_id": "G0", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-02-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g0", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 100, "sumamt": 100, "fee_ocur_time": "2024-02-01 08:00:00"}]}]}]}
  理赔 {"task_id": "G1", "patient_dtos": [{"patn_id": "患者1", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM1", "fsi_encounter_dtos": [{"mdtrt_id": "GM1", "medins_id": "G1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-02-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g1", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 200, "sumamt": 200, "fee_ocur_time": "2024-02-01 08:00:00"}]}]}]}
  理赔 {"task_id": "G2", "patient_dtos": [{"patn_id": "患者2", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM2", "fsi_encounter_dtos": [{"mdtrt_id": "GM2", "medins_id": "G2", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-02-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g2", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 300, "sumamt": 300, "fee_ocur_time": "2024-02-01 08:00:00"}]}]}]}
  理赔 {"task_id": "G3", "patient_dtos": [{"patn_id": "患者3", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM3", "fsi_encounter_dtos": [{"mdtrt_id": "GM3", "medins_id": "G3", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-02-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g3", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 400, "sumamt": 400, "fee_ocur_time": "2024-02-01 08:00:00"}]}]}]}
  理赔 {"task_id": "G4", "patient_dtos": [{"patn_id": "患者4", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM4", "fsi_encounter_dtos": [{"mdtrt_id": "GM4", "medins_id": "G4", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-02-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g4", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 500, "sumamt": 500, "fee_ocur_time": "2024-02-01 08:00:00"}]}]}]}
  理赔 {"task_id": "G5", "patient_dtos": [{"patn_id": "患者5", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM5", "fsi_encounter_dtos": [{"mdtrt_id": "GM5", "medins_id": "G5", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-02-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g5", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 2000, "sumamt": 2000, "fee_ocur_time": "2024-02-01 08:00:00"}]}]}]}
  理赔 {"task_id": "G9", "patient_dtos": [{"patn_id": "患者9", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM9", "fsi_encounter_dtos": [{"mdtrt_id": "GM9", "medins_id": "G9", "medins_lv": "02", "medins_type": "1", "med_type": "11", "adm_date": "2024-08-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g9", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 9999, "sumamt": 9999, "fee_ocur_time": "2024-08-01 08:00:00"}]}]}]}
  理赔 {"task_id": "G8", "patient_dtos": [{"patn_id": "患者8", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM8", "fsi_encounter_dtos": [{"mdtrt_id": "GM8", "medins_id": "G8", "medins_lv": "99", "medins_type": "1", "med_type": "11", "adm_date": "2024-02-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g8", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 50, "sumamt": 50, "fee_ocur_time": "2024-02-01 08:00:00"}]}]}]}
  期望 EV_PO_003 次数 8
  期望 不触发 EV_PO_004
}

测试 "至少 n 不满足时同级值为空" {
  设定 最少 = 10个
  理赔 {"task_id": "G0", "patient_dtos": [{"patn_id": "患者0", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM0", "fsi_encounter_dtos": [{"mdtrt_id": "GM0", "medins_id": "G0", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-02-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g0", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 100, "sumamt": 100, "fee_ocur_time": "2024-02-01 08:00:00"}]}]}]}
  理赔 {"task_id": "G1", "patient_dtos": [{"patn_id": "患者1", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM1", "fsi_encounter_dtos": [{"mdtrt_id": "GM1", "medins_id": "G1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-02-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g1", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 200, "sumamt": 200, "fee_ocur_time": "2024-02-01 08:00:00"}]}]}]}
  理赔 {"task_id": "G2", "patient_dtos": [{"patn_id": "患者2", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM2", "fsi_encounter_dtos": [{"mdtrt_id": "GM2", "medins_id": "G2", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-02-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g2", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 300, "sumamt": 300, "fee_ocur_time": "2024-02-01 08:00:00"}]}]}]}
  理赔 {"task_id": "G3", "patient_dtos": [{"patn_id": "患者3", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM3", "fsi_encounter_dtos": [{"mdtrt_id": "GM3", "medins_id": "G3", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-02-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g3", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 400, "sumamt": 400, "fee_ocur_time": "2024-02-01 08:00:00"}]}]}]}
  理赔 {"task_id": "G4", "patient_dtos": [{"patn_id": "患者4", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM4", "fsi_encounter_dtos": [{"mdtrt_id": "GM4", "medins_id": "G4", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-02-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g4", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 500, "sumamt": 500, "fee_ocur_time": "2024-02-01 08:00:00"}]}]}]}
  理赔 {"task_id": "G5", "patient_dtos": [{"patn_id": "患者5", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM5", "fsi_encounter_dtos": [{"mdtrt_id": "GM5", "medins_id": "G5", "medins_lv": "05", "medins_type": "1", "med_type": "11", "adm_date": "2024-02-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g5", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 2000, "sumamt": 2000, "fee_ocur_time": "2024-02-01 08:00:00"}]}]}]}
  理赔 {"task_id": "G9", "patient_dtos": [{"patn_id": "患者9", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM9", "fsi_encounter_dtos": [{"mdtrt_id": "GM9", "medins_id": "G9", "medins_lv": "02", "medins_type": "1", "med_type": "11", "adm_date": "2024-08-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g9", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 9999, "sumamt": 9999, "fee_ocur_time": "2024-08-01 08:00:00"}]}]}]}
  理赔 {"task_id": "G8", "patient_dtos": [{"patn_id": "患者8", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "GM8", "fsi_encounter_dtos": [{"mdtrt_id": "GM8", "medins_id": "G8", "medins_lv": "99", "medins_type": "1", "med_type": "11", "adm_date": "2024-02-01", "dr_codg": "DR1", "fsi_order_dtos": [{"rx_id": "g8", "hilist_type": "201", "hilist_code": "S1", "hilist_name": "S1", "cnt": 1, "pric": 50, "sumamt": 50, "fee_ocur_time": "2024-02-01 08:00:00"}]}]}]}
  期望 EV_PO_003 次数 8
}
