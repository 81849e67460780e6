// 请求中的 trig_scen（1–5 事前，6–10 事中）与 rule_ids 决定运行哪些规则；没有时运行全部规则。
规则 EV_SC_PRE "只在事前" {
  分类 测试
  级别 提醒
  环节 事前
  依据 「测试」
  对每条 明细 m
    违规 m
}

规则 EV_SC_MID "事中（只在场景 6、8）" {
  分类 测试
  级别 提醒
  环节 事中(6, 8)
  依据 「测试」
  对每条 明细 m
    违规 m
}

规则 EV_SC_ALL "各环节" {
  分类 测试
  级别 提醒
  环节 事前, 事中, 事后
  依据 「测试」
  对每条 明细 m
    违规 m
}

规则 EV_SC_POST "只在事后" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m
    违规 m
}

测试 "没有 trig_scen：运行全部规则" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01",
    "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "X", "cnt": 1, "pric": 1, "sumamt": 1 }] }] }] }
  期望 EV_SC_PRE 违规项 "R1"
  期望 EV_SC_MID 违规项 "R1"
  期望 EV_SC_ALL 违规项 "R1"
  期望 EV_SC_POST 违规项 "R1"
}

测试 "trig_scen 1（事前）" {
  理赔 { "trig_scen": "1", "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01",
    "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "X", "cnt": 1, "pric": 1, "sumamt": 1 }] }] }] }
  期望 EV_SC_PRE 次数 1
  期望 EV_SC_ALL 次数 1
  期望 不触发 EV_SC_MID
  期望 不触发 EV_SC_POST
}

测试 "trig_scen 8（事中，规则写明的场景）" {
  理赔 { "trig_scen": 8, "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01",
    "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "X", "cnt": 1, "pric": 1, "sumamt": 1 }] }] }] }
  期望 EV_SC_MID 次数 1
  期望 EV_SC_ALL 次数 1
  期望 不触发 EV_SC_PRE
  期望 不触发 EV_SC_POST
}

测试 "trig_scen 7（事中，但不在规则写明的场景里）" {
  理赔 { "trig_scen": "7", "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01",
    "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "X", "cnt": 1, "pric": 1, "sumamt": 1 }] }] }] }
  期望 EV_SC_ALL 次数 1
  期望 不触发 EV_SC_MID
  期望 不触发 EV_SC_PRE
}

测试 "rule_ids 只运行列出的规则（数组）" {
  理赔 { "rule_ids": ["EV_SC_POST", "不存在的规则"], "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01",
    "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "X", "cnt": 1, "pric": 1, "sumamt": 1 }] }] }] }
  期望 EV_SC_POST 次数 1
  期望 不触发 EV_SC_ALL
  期望 不触发 EV_SC_PRE
}

测试 "rule_ids 逗号分隔的文本，与 trig_scen 同时生效" {
  理赔 { "trig_scen": "6", "rule_ids": "EV_SC_MID,EV_SC_PRE", "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01",
    "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "X", "cnt": 1, "pric": 1, "sumamt": 1 }] }] }] }
  期望 EV_SC_MID 次数 1
  期望 不触发 EV_SC_PRE
  期望 不触发 EV_SC_ALL
}
