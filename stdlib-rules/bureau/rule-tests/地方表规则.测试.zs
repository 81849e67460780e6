// 需要地方表的规则：用示例地方表（../tables）与样例知识库运行：
// zhishen test stdlib-rules/rules stdlib-rules/bureau --kb stdlib-rules/sample-kb --kb stdlib-rules/bureau/tables

测试 "地方表 · 药品限新生儿使用：2 个月的婴儿使用" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "2024-01-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "ZA04CAE0023010100166", "hilist_name": "儿童清肺口服液", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00", "hilist_type": "101"}], "fsi_operation_dtos": []}]}]}
  期望 GZ10000101006000 违规项 "R1" 金额 10元
}

测试 "地方表 · 药品限新生儿使用：出生 10 天不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "2024-02-20", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "ZA04CAE0023010100166", "hilist_name": "儿童清肺口服液", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00", "hilist_type": "101"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 GZ10000101006000
}

测试 "地方表 · 医疗服务项目限工伤保险：职工医保结算" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "1979-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "001216000030000", "hilist_name": "持续膀胱冲洗", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 GZ10000102003000 违规项 "R1" 金额 10元
}

测试 "地方表 · 医疗服务项目限工伤保险：工伤保险结算不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "1979-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "410", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "001216000030000", "hilist_name": "持续膀胱冲洗", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 GZ10000102003000
}

测试 "地方表 · 医疗服务项目限生育保险：居民医保普通门诊" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "1979-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "390", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "002501020210000", "hilist_name": "尿妊娠试验", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 GZ10000102004000 违规项 "R1" 金额 10元
}

测试 "地方表 · 医疗服务项目限生育保险：生育门诊（医疗类别 51）不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "1979-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "51", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "002501020210000", "hilist_name": "尿妊娠试验", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 GZ10000102004000
}

测试 "地方表 · 医疗服务项目限新生儿使用：1 岁的患者" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "2023-02-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "002502020390000", "hilist_name": "新生儿溶血症筛查", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  // 同一项目也在国家“医疗服务项目儿童专用”表中（新生儿专用），两条规则都判违规；金额只算一次，归包中在前的那条，这里不比金额
  期望 GZ10000102005000 违规项 "R1"
}

测试 "地方表 · 医疗服务项目限新生儿使用：出生 5 天不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "2024-02-25", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "002502020390000", "hilist_name": "新生儿溶血症筛查", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 GZ10000102005000
}

测试 "地方表 · 医疗服务项目限儿童使用（限3-12岁）：13 岁违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "2010-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "001302000010000", "hilist_name": "儿童龋齿预防保健", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 GZ10000102006000 违规项 "R1" 金额 10元
}

测试 "地方表 · 医疗服务项目限儿童使用（限3-12岁）：8 岁不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "2016-01-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "001302000010000", "hilist_name": "儿童龋齿预防保健", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 GZ10000102006000
}

测试 "地方表 · 医疗服务项目限适应症：没有 2 型糖尿病诊断" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "1979-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [{"dise_id": "D1", "maindise_flag": "1", "dise_codg": "I10.x00x002", "dise_name": "高血压"}], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "001309000010000", "hilist_name": "健康咨询", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 GZ10000102007000 违规项 "R1" 金额 10元
}

测试 "地方表 · 医疗服务项目限适应症：有 2 型糖尿病诊断不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "1979-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [{"dise_id": "D1", "maindise_flag": "1", "dise_codg": "E11.900", "dise_name": "2型糖尿病"}], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "001309000010000", "hilist_name": "健康咨询", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 GZ10000102007000
}

测试 "地方表 · 医疗服务项目限就医方式（限急诊或住院）：普通门诊违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "1979-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "001202000020000", "hilist_name": "中抢救", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 GZ10000102009000 违规项 "R1" 金额 10元
}

测试 "地方表 · 医疗服务项目限就医方式：急诊不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "1979-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "13", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "001202000020000", "hilist_name": "中抢救", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 GZ10000102009000
}

测试 "地方表 · 医疗服务项目限医疗机构级别（二级及以上）：一级机构违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "1979-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "08", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "001202000010000", "hilist_name": "大抢救", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 GZ10000102011000 违规项 "R1" 金额 10元
}

测试 "地方表 · 医疗服务项目限医疗机构级别：二级机构不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "1979-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "001202000010000", "hilist_name": "大抢救", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 GZ10000102011000
}

测试 "地方表 · 医疗服务项目与医用耗材重复收费：同日另收球囊导管" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "brdy": "2018-01-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "S1", "hilist_code": "003111000010000", "hilist_name": "小儿包茎气囊导管扩张术", "cnt": 1, "pric": 200, "sumamt": 200, "fee_ocur_time": "2024-03-01 10:00:00"}, {"rx_id": "C1", "hilist_code": "C0310040000000000000000000004", "hilist_name": "球囊导管", "cnt": 1, "pric": 80, "sumamt": 80, "fee_ocur_time": "2024-03-01 10:00:00", "hilist_type": "301"}], "fsi_operation_dtos": []}]}]}
  期望 ZS2025030 违规项 "C1" 金额 80元 涉及项 "S1"
}

测试 "地方表 · 医疗服务项目与医用耗材重复收费：不同日不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "brdy": "2018-01-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "S1", "hilist_code": "003111000010000", "hilist_name": "小儿包茎气囊导管扩张术", "cnt": 1, "pric": 200, "sumamt": 200, "fee_ocur_time": "2024-03-01 10:00:00"}, {"rx_id": "C1", "hilist_code": "C0310040000000000000000000004", "hilist_name": "球囊导管", "cnt": 1, "pric": 80, "sumamt": 80, "fee_ocur_time": "2024-03-05 10:00:00", "hilist_type": "301"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 ZS2025030
}

测试 "地方表 · 耗材限新生儿使用：3 个月的婴儿" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "2023-12-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "C1", "hilist_code": "C0310010000000000000000000001", "hilist_name": "新生儿脐带夹", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00", "hilist_type": "301"}], "fsi_operation_dtos": []}]}]}
  期望 GZ10000103001000 违规项 "C1" 金额 10元
}

测试 "地方表 · 耗材限新生儿使用：出生当天不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "2024-03-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "C1", "hilist_code": "C0310010000000000000000000001", "hilist_name": "新生儿脐带夹", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00", "hilist_type": "301"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 GZ10000103001000
}

测试 "地方表 · 耗材限儿童使用（限14岁以下）：14 岁违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "2010-01-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "C1", "hilist_code": "C0310020000000000000000000002", "hilist_name": "儿童型气管插管", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00", "hilist_type": "301"}], "fsi_operation_dtos": []}]}]}
  期望 GZ10000103002000 违规项 "C1" 金额 10元
}

测试 "地方表 · 耗材限儿童使用（限14岁以下）：13 岁不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "2010-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "C1", "hilist_code": "C0310020000000000000000000002", "hilist_name": "儿童型气管插管", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00", "hilist_type": "301"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 GZ10000103002000
}

测试 "地方表 · 医用耗材与性别不符：男性患者使用宫内节育器" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "brdy": "1979-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "C1", "hilist_code": "C0310030000000000000000000003", "hilist_name": "宫内节育器", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00", "hilist_type": "301"}], "fsi_operation_dtos": []}]}]}
  期望 ZS2025087 违规项 "C1" 金额 10元
}

测试 "地方表 · 医用耗材与性别不符：女性患者不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "1979-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "C1", "hilist_code": "C0310030000000000000000000003", "hilist_name": "宫内节育器", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00", "hilist_type": "301"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 ZS2025087
}

测试 "地方表 · 药品超限定病种目录范围：糖尿病门诊慢特病开了目录外的药" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "1979-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "14", "insutype": "310", "adm_date": "2024-03-01", "dscg_main_dise_codg": "E11.900", "dscg_main_dise_name": "2型糖尿病", "fsi_diagnose_dtos": [{"dise_id": "D1", "maindise_flag": "1", "dise_codg": "E11.900", "dise_name": "2型糖尿病"}], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "XA10BDE083A001010104522", "hilist_name": "二甲双胍恩格列净片(Ⅲ)", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00", "hilist_type": "101"}, {"rx_id": "R2", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00", "hilist_type": "101"}], "fsi_operation_dtos": []}]}]}
  期望 GZ10000101011000 违规项 "R2" 金额 10元
  期望 GZ10000101011000 次数 1
}

测试 "地方表 · 药品超限定病种目录范围：普通门诊不判" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "1979-06-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "dscg_main_dise_codg": "E11.900", "dscg_main_dise_name": "2型糖尿病", "fsi_diagnose_dtos": [{"dise_id": "D1", "maindise_flag": "1", "dise_codg": "E11.900", "dise_name": "2型糖尿病"}], "fsi_order_dtos": [{"rx_id": "R2", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00", "hilist_type": "101"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 GZ10000101011000
}

测试 "地方表 · 抗菌药物分级：特殊使用级由主治医师开具" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "2018-01-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "XJ01DIX240N001010101453", "hilist_name": "小儿法罗培南钠颗粒", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00", "hilist_type": "101", "drord_dr_profttl": "233"}], "fsi_operation_dtos": []}]}]}
  期望 GZ10000202003000 违规项 "R1" 金额 10元
}

测试 "地方表 · 抗菌药物分级：副主任医师开具不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "brdy": "2018-01-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "XJ01DIX240N001010101453", "hilist_name": "小儿法罗培南钠颗粒", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00", "hilist_type": "101", "drord_dr_profttl": "副主任医师"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 GZ10000202003000
}
