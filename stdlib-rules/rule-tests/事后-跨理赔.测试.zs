// 事后跨理赔规则的测试：一个测试里的多份理赔（或一个 .ndjson 文件）是一次筛查，彼此可见。
// 样例文件由 stdlib-rules/scripts/generate-screening.mjs 生成（机构、患者、日期的安排见该脚本）。

测试 "追溯码：在其他理赔结算过的为违规项，此前的结算为涉及项；占位码“无”“—”、空串不算" {
  理赔 {"syscode": "TEST", "task_id": "TA", "patient_dtos": [{"patn_id": "甲", "gend": "1", "brdy": "1970-01-01", "curr_mdtrt_id": "MA", "fsi_encounter_dtos": [{"mdtrt_id": "MA", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_order_dtos": [{"rx_id": "a1", "hilist_type": "101", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 1, "pric": 12.5, "sumamt": 12.5, "fee_ocur_time": "2024-03-01 10:00:00", "drug_trac_codg": ["81000000000000000001", "无"]}, {"rx_id": "a2", "hilist_type": "101", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 1, "pric": 12.5, "sumamt": 12.5, "fee_ocur_time": "2024-03-01 10:00:00", "drug_trac_codg": ["—"]}]}]}]}
  理赔 {"syscode": "TEST", "task_id": "TB", "patient_dtos": [{"patn_id": "乙", "gend": "1", "brdy": "1970-01-01", "curr_mdtrt_id": "MB", "fsi_encounter_dtos": [{"mdtrt_id": "MB", "medins_id": "H2", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-05", "fsi_order_dtos": [{"rx_id": "b1", "hilist_type": "101", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 1, "pric": 12.5, "sumamt": 12.5, "fee_ocur_time": "2024-03-05 10:00:00", "drug_trac_codg": ["81000000000000000001"]}, {"rx_id": "b2", "hilist_type": "101", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 1, "pric": 12.5, "sumamt": 12.5, "fee_ocur_time": "2024-03-05 10:00:00", "drug_trac_codg": ["—", ""]}]}]}]}
  理赔 {"syscode": "TEST", "task_id": "TC", "patient_dtos": [{"patn_id": "丙", "gend": "1", "brdy": "1970-01-01", "curr_mdtrt_id": "MC", "fsi_encounter_dtos": [{"mdtrt_id": "MC", "medins_id": "H2", "medins_lv": "05", "medins_type": "1", "med_type": "41", "insutype": "310", "adm_date": "2024-03-09", "fsi_order_dtos": [{"rx_id": "c1", "hilist_type": "101", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 1, "pric": 12.5, "sumamt": 12.5, "fee_ocur_time": "2024-03-09 10:00:00", "drug_trac_codg": ["82000000000000000009", "81000000000000000001"]}]}]}]}
  理赔 {"syscode": "TEST", "task_id": "TD", "patient_dtos": [{"patn_id": "丁", "gend": "1", "brdy": "1970-01-01", "curr_mdtrt_id": "MD", "fsi_encounter_dtos": [{"mdtrt_id": "MD", "medins_id": "H3", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-09", "fsi_order_dtos": [{"rx_id": "d1", "hilist_type": "101", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 1, "pric": 12.5, "sumamt": 12.5, "fee_ocur_time": "2024-03-09 10:00:00", "drug_trac_codg": ["83000000000000000003"]}]}]}]}
  期望 ZSP0001 次数 2
  期望 ZSP0001 违规项 "b1" 金额 12.5元 涉及项 "a1"
  期望 ZSP0001 违规项 "c1" 金额 12.5元 涉及项 "a1", "b1"
}

测试 "追溯码：只有一张理赔时没有跨理赔重复" {
  理赔 {"syscode": "TEST", "task_id": "TA", "patient_dtos": [{"patn_id": "甲", "gend": "1", "brdy": "1970-01-01", "curr_mdtrt_id": "MA", "fsi_encounter_dtos": [{"mdtrt_id": "MA", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_order_dtos": [{"rx_id": "a1", "hilist_type": "101", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 1, "pric": 12.5, "sumamt": 12.5, "fee_ocur_time": "2024-03-01 10:00:00", "drug_trac_codg": ["81000000000000000001", "无"]}, {"rx_id": "a2", "hilist_type": "101", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 1, "pric": 12.5, "sumamt": 12.5, "fee_ocur_time": "2024-03-01 10:00:00", "drug_trac_codg": ["—"]}]}]}]}
  期望 不触发 ZSP0001
}

测试 "跨机构行为：分解住院、住院期间门诊（含未出院）、重叠住院、频繁门诊与住院、重复检查" {
  理赔 文件 "../claims/screening/跨机构行为.ndjson"
  期望 ZSP0002 次数 2
  期望 ZSP0002 涉及项 "BM0001"
  期望 ZSP0002 涉及项 "BM0011"
  期望 ZSP0003 次数 2
  期望 ZSP0003 违规项 "BM0005-001", "BM0005-002" 金额 22.5元 涉及项 "BM0004"
  期望 ZSP0003 违规项 "BM0008-001" 涉及项 "BM0007"
  期望 ZSP0004 次数 1
  期望 ZSP0004 涉及项 "BM0009"
  期望 ZSP0005 次数 1
  期望 ZSP0006 次数 1
  期望 ZSP0007 次数 1
  期望 ZSP0007 违规项 "BM0039-002" 金额 120元 涉及项 "BM0038-002"
  期望 不触发 ZSP0101
}

测试 "同级比较：药占比、住院次均费用各只对一家机构触发，医师次均费用只对一位医师触发" {
  理赔 文件 "../claims/screening/机构药占比.ndjson"
  期望 ZSP0101 次数 1
  期望 ZSP0102 次数 1
  期望 ZSP0103 次数 1
}

测试 "同级比较：同级机构不足 最少同级机构数 时不比较" {
  设定 最少同级机构数 = 20个
  理赔 文件 "../claims/screening/机构药占比.ndjson"
  期望 不触发 ZSP0101
  期望 不触发 ZSP0102
}
