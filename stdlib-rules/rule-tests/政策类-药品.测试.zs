// 标准规则的测试（由样例知识库运行：zhishen test stdlib-rules --kb stdlib-rules/sample-kb）。
// 每条规则：触发（违规项与金额）、最接近的合法理赔不触发、边界。

测试 "限儿童药品：成人使用" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XA06ADF336P001010100233", "hilist_name": "复方聚乙二醇(3350)电解质散", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000101007000 违规项 "R1" 金额 10元
}

测试 "限儿童药品：儿童使用不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XA06ADF336P001010100233", "hilist_name": "复方聚乙二醇(3350)电解质散", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "2015-01-01"}]}
  期望 不触发 GZ10000101007000
}

测试 "限儿童药品：计费当天正好满 18 周岁即违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 09:00:00"}], "fsi_operation_dtos": []}], "brdy": "2006-03-02"}]}
  期望 GZ10000101007000 违规项 "R1"
}

测试 "限儿童药品：满 18 周岁前一天不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 09:00:00"}], "fsi_operation_dtos": []}], "brdy": "2006-03-02"}]}
  期望 不触发 GZ10000101007000
}

测试 "限儿童药品：出生日期缺失不判" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XA06ADF336P001010100233", "hilist_name": "复方聚乙二醇(3350)电解质散", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 GZ10000101007000
}

测试 "限儿童药品：地区把上限设为 14 岁" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "2009-01-01"}]}
  设定 儿童年龄上限 = 14岁
  期望 GZ10000101007000 违规项 "R1"
}

测试 "儿童专用药品：成人使用" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "ZA01BAX0341010100166", "hilist_name": "小儿百寿丸", "cnt": 2, "pric": 6.5, "sumamt": 13.0, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000301002000 违规项 "R1" 金额 13元
}

测试 "儿童专用医疗服务项目：成人使用" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "003105120040000", "hilist_name": "儿童前牙树脂冠修复", "cnt": 1, "pric": 120, "sumamt": 120, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000302003000 违规项 "R1" 金额 120元
}

测试 "限工伤保险药品：职工医保支付" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "ZH01AAB0066010100716", "hilist_name": "疤痕止痒软化膏", "cnt": 1, "pric": 35.5, "sumamt": 35.5, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000101001000 违规项 "R1" 金额 35.5元
}

测试 "限工伤保险药品：险种代码未登记时不判" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "999", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "ZH01AAB0066010100716", "hilist_name": "疤痕止痒软化膏", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101001000
}

测试 "限生育保险药品：居民医保支付" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "390", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XG02ADD082D003010179504", "hilist_name": "地诺前列酮栓", "cnt": 1, "pric": 200, "sumamt": 200, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000101002000 违规项 "R1" 金额 200元
}

测试 "限生育保险药品：生育保险支付不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "510", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XG02ADD082D003010179504", "hilist_name": "地诺前列酮栓", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101002000
}

测试 "限二级及以上医疗机构：一级医院使用" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "08", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "ZA05CAC0029010102312", "hilist_name": "参附注射液", "cnt": 3, "pric": 21.6, "sumamt": 64.8, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000101012000 违规项 "R1" 金额 64.8元
}

测试 "限二级及以上医疗机构：二级医院使用不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "ZA05CAC0029010102312", "hilist_name": "参附注射液", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101012000
}

测试 "限二级及以上医疗机构：机构等级缺失不判" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": null, "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "ZA05CAC0029010102312", "hilist_name": "参附注射液", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101012000
}

测试 "限急诊或住院：普通门诊使用" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "ZA07AAA0061010100166", "hilist_name": "安宫牛黄丸", "cnt": 1, "pric": 680, "sumamt": 680, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 ZS2025013 违规项 "R1" 金额 680元
}

测试 "限急诊或住院：急诊使用不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "13", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "ZA07AAA0061010100166", "hilist_name": "安宫牛黄丸", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 ZS2025013
}

测试 "限住院患者：急诊使用营养药" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "13", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XB05BAZ087B002010178346", "hilist_name": "脂肪乳(20%)/氨基酸(15)/葡萄糖(30%)注射液", "cnt": 1, "pric": 150, "sumamt": 150, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 ZS2025013 违规项 "R1"
}

测试 "支付疗程：第 15 天起违规，前 14 天为涉及项" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-20", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-01 09:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-02 09:00:00"}, {"rx_id": "R3", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-03 09:00:00"}, {"rx_id": "R4", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-04 09:00:00"}, {"rx_id": "R5", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-05 09:00:00"}, {"rx_id": "R6", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-06 09:00:00"}, {"rx_id": "R7", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-07 09:00:00"}, {"rx_id": "R8", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-08 09:00:00"}, {"rx_id": "R9", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-09 09:00:00"}, {"rx_id": "R10", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-10 09:00:00"}, {"rx_id": "R11", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-11 09:00:00"}, {"rx_id": "R12", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-12 09:00:00"}, {"rx_id": "R13", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-13 09:00:00"}, {"rx_id": "R14", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-14 09:00:00"}, {"rx_id": "R15", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-15 09:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000101010000 违规项 "R15" 金额 8元 涉及项 "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12", "R13", "R14"
}

测试 "支付疗程：恰好 14 天不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-20", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-01 09:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-02 09:00:00"}, {"rx_id": "R3", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-03 09:00:00"}, {"rx_id": "R4", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-04 09:00:00"}, {"rx_id": "R5", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-05 09:00:00"}, {"rx_id": "R6", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-06 09:00:00"}, {"rx_id": "R7", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-07 09:00:00"}, {"rx_id": "R8", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-08 09:00:00"}, {"rx_id": "R9", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-09 09:00:00"}, {"rx_id": "R10", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-10 09:00:00"}, {"rx_id": "R11", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-11 09:00:00"}, {"rx_id": "R12", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-12 09:00:00"}, {"rx_id": "R13", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-13 09:00:00"}, {"rx_id": "R14", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-14 09:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101010000
}

测试 "支付疗程：第 15 天的用药已全额退费，冲销后不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-20", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-01 09:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-02 09:00:00"}, {"rx_id": "R3", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-03 09:00:00"}, {"rx_id": "R4", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-04 09:00:00"}, {"rx_id": "R5", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-05 09:00:00"}, {"rx_id": "R6", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-06 09:00:00"}, {"rx_id": "R7", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-07 09:00:00"}, {"rx_id": "R8", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-08 09:00:00"}, {"rx_id": "R9", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-09 09:00:00"}, {"rx_id": "R10", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-10 09:00:00"}, {"rx_id": "R11", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-11 09:00:00"}, {"rx_id": "R12", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-12 09:00:00"}, {"rx_id": "R13", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-13 09:00:00"}, {"rx_id": "R14", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-14 09:00:00"}, {"rx_id": "R15", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-15 09:00:00", "feedetl_sn": "F15"}, {"rx_id": "R16", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": -1, "pric": 8, "sumamt": -8, "fee_ocur_time": "2024-03-15 18:00:00", "feedetl_sn": "F16", "init_feedetl_sn": "F15"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101010000
}

测试 "支付疗程：历史就诊 10 天 + 本次 5 天，本次第 5 天违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-02-01", "dscg_date": "2024-02-12", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "H1", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-02-01 09:00:00"}, {"rx_id": "H2", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-02-02 09:00:00"}, {"rx_id": "H3", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-02-03 09:00:00"}, {"rx_id": "H4", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-02-04 09:00:00"}, {"rx_id": "H5", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-02-05 09:00:00"}, {"rx_id": "H6", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-02-06 09:00:00"}, {"rx_id": "H7", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-02-07 09:00:00"}, {"rx_id": "H8", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-02-08 09:00:00"}, {"rx_id": "H9", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-02-09 09:00:00"}, {"rx_id": "H10", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-02-10 09:00:00"}], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-08", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-01 09:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-02 09:00:00"}, {"rx_id": "R3", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-03 09:00:00"}, {"rx_id": "R4", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-04 09:00:00"}, {"rx_id": "R5", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-05 09:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000101010000 违规项 "R5" 金额 8元
  期望 GZ10000101010000 次数 1
}

测试 "支付疗程：出院带药按用药天数计（5 天注射 + 带药 10 天 = 15 天 > 14 天），带药这条违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-01 09:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-02 09:00:00"}, {"rx_id": "R3", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-03 09:00:00"}, {"rx_id": "R4", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-04 09:00:00"}, {"rx_id": "R5", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-05 09:00:00"}, {"rx_id": "R6", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 80, "sumamt": 80, "fee_ocur_time": "2024-03-05 16:00:00", "prd_days": 10}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000101010000 违规项 "R6" 金额 80元
  期望 GZ10000101010000 次数 1
}

测试 "支付疗程：5 天注射 + 带药 9 天 = 14 天，不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-01 09:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-02 09:00:00"}, {"rx_id": "R3", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-03 09:00:00"}, {"rx_id": "R4", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-04 09:00:00"}, {"rx_id": "R5", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-05 09:00:00"}, {"rx_id": "R6", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 72, "sumamt": 72, "fee_ocur_time": "2024-03-05 16:00:00", "prd_days": 9}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101010000
}

测试 "支付疗程：一年前用满 14 天，本次是新的疗程，不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2023-02-01", "dscg_date": "2023-02-15", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "H1", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2023-02-01 09:00:00"}, {"rx_id": "H2", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2023-02-02 09:00:00"}, {"rx_id": "H3", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2023-02-03 09:00:00"}, {"rx_id": "H4", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2023-02-04 09:00:00"}, {"rx_id": "H5", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2023-02-05 09:00:00"}, {"rx_id": "H6", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2023-02-06 09:00:00"}, {"rx_id": "H7", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2023-02-07 09:00:00"}, {"rx_id": "H8", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2023-02-08 09:00:00"}, {"rx_id": "H9", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2023-02-09 09:00:00"}, {"rx_id": "H10", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2023-02-10 09:00:00"}, {"rx_id": "H11", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2023-02-11 09:00:00"}, {"rx_id": "H12", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2023-02-12 09:00:00"}, {"rx_id": "H13", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2023-02-13 09:00:00"}, {"rx_id": "H14", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2023-02-14 09:00:00"}], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-06", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-01 09:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-02 09:00:00"}, {"rx_id": "R3", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-03 09:00:00"}, {"rx_id": "R4", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-04 09:00:00"}, {"rx_id": "R5", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-05 09:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101010000
}

测试 "支付疗程“支付不超过12个月”：首次使用一年后的用药违规（按自然月，不数计费日）" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-01-10", "dscg_date": "2024-01-11", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "H1", "rxno": "X1", "hilist_code": "XL01FDP138B002010181735", "hilist_name": "帕妥珠单抗注射液", "cnt": 1, "pric": 5000, "sumamt": 5000, "fee_ocur_time": "2024-01-10 09:00:00"}], "fsi_operation_dtos": []}, {"mdtrt_id": "M2", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-06-10", "dscg_date": "2024-06-11", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "H2", "rxno": "X1", "hilist_code": "XL01FDP138B002010181735", "hilist_name": "帕妥珠单抗注射液", "cnt": 1, "pric": 5000, "sumamt": 5000, "fee_ocur_time": "2024-06-10 09:00:00"}], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2025-01-10", "dscg_date": "2025-01-11", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XL01FDP138B002010181735", "hilist_name": "帕妥珠单抗注射液", "cnt": 1, "pric": 5000, "sumamt": 5000, "fee_ocur_time": "2025-01-10 09:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000101010000 违规项 "R1" 金额 5000元 涉及项 "H1", "H2"
}

测试 "支付疗程“支付不超过12个月”：12 个月内的用药不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-01-10", "dscg_date": "2024-01-11", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "H1", "rxno": "X1", "hilist_code": "XL01FDP138B002010181735", "hilist_name": "帕妥珠单抗注射液", "cnt": 1, "pric": 5000, "sumamt": 5000, "fee_ocur_time": "2024-01-10 09:00:00"}], "fsi_operation_dtos": []}, {"mdtrt_id": "M2", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-06-10", "dscg_date": "2024-06-11", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "H2", "rxno": "X1", "hilist_code": "XL01FDP138B002010181735", "hilist_name": "帕妥珠单抗注射液", "cnt": 1, "pric": 5000, "sumamt": 5000, "fee_ocur_time": "2024-06-10 09:00:00"}], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2025-01-09", "dscg_date": "2025-01-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XL01FDP138B002010181735", "hilist_name": "帕妥珠单抗注射液", "cnt": 1, "pric": 5000, "sumamt": 5000, "fee_ocur_time": "2025-01-09 09:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101010000
}

测试 "抗 VEGF 药“需三级医院眼科或二级及以上眼科专科医院”：一级机构违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "brdy": "1950-06-01", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "08", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [{"dise_id": "D1", "maindise_flag": "1", "dise_codg": "H35.300", "dise_name": "年龄相关性黄斑变性"}], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XS01LAL328B002010104021", "hilist_name": "雷珠单抗注射液", "cnt": 1, "pric": 1000, "sumamt": 1000, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 GZ10000101012000 违规项 "R1" 金额 1000元
}

测试 "抗 VEGF 药：二级机构不判（分不出是否眼科专科医院）" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "brdy": "1950-06-01", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [{"dise_id": "D1", "maindise_flag": "1", "dise_codg": "H35.300", "dise_name": "年龄相关性黄斑变性"}], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XS01LAL328B002010104021", "hilist_name": "雷珠单抗注射液", "cnt": 1, "pric": 1000, "sumamt": 1000, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}]}]}
  期望 不触发 GZ10000101012000
}

测试 "单复方均不予支付的饮片" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "T001700233", "hilist_name": "阿胶", "cnt": 10, "pric": 3.25, "sumamt": 32.5, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000101003000 违规项 "R1" 金额 32.5元
}

测试 "单方不予支付：整张处方都是这些饮片" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "T000700200", "hilist_name": "丁香", "cnt": 10, "pric": 0.8, "sumamt": 8.0, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "102"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "T001700643", "hilist_name": "人参片", "cnt": 5, "pric": 6, "sumamt": 30, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "102"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000101004000 违规项 "R1", "R2" 金额 38元
}

测试 "单方不予支付：处方中还有其他饮片则不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "T000700200", "hilist_name": "丁香", "cnt": 10, "pric": 0.8, "sumamt": 8.0, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "102"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "T009999999", "hilist_name": "本院自制饮片", "cnt": 5, "pric": 1, "sumamt": 5, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "102"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101004000
}

测试 "限适应症：诊断中有 2 型糖尿病则不判" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [{"dise_id": "D1", "inout_dise_type": "2", "maindise_flag": "1", "dias_srt_no": 1, "dise_codg": "E11.900", "dise_name": "2型糖尿病"}], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XA10BJA085B002010106474", "hilist_name": "艾塞那肽注射液", "cnt": 1, "pric": 300, "sumamt": 300, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101008000
}

测试 "限适应症：诊断中没有 2 型糖尿病为轻度可疑" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [{"dise_id": "D1", "inout_dise_type": "2", "maindise_flag": "1", "dias_srt_no": 1, "dise_codg": "I10.x00x002", "dise_name": "高血压"}], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XA10BJA085B002010106474", "hilist_name": "艾塞那肽注射液", "cnt": 1, "pric": 300, "sumamt": 300, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000101008000 违规项 "R1" 金额 300元
}

测试 "限适应症：诊断名称缺失时按知识库 ICD 名称比对" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [{"dise_id": "D1", "dise_codg": "E11.900"}], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XA10BJA085B002010106474", "hilist_name": "艾塞那肽注射液", "cnt": 1, "pric": 300, "sumamt": 300, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101008000
}

测试 "限二线用药：类风湿关节炎与“类风湿性关节炎”相符" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [{"dise_id": "D1", "inout_dise_type": "2", "maindise_flag": "1", "dias_srt_no": 1, "dise_codg": "M06.900", "dise_name": "类风湿性关节炎"}], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XM01AXA267A001010101522", "hilist_name": "艾拉莫德片", "cnt": 1, "pric": 50, "sumamt": 50, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101005000
}

测试 "限二线用药：诊断不符为轻度可疑" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [{"dise_id": "D1", "inout_dise_type": "2", "maindise_flag": "1", "dias_srt_no": 1, "dise_codg": "I10.x00x002", "dise_name": "高血压"}], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XM01AXA267A001010101522", "hilist_name": "艾拉莫德片", "cnt": 1, "pric": 50, "sumamt": 50, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000101005000 违规项 "R1"
}

测试 "互联网医院开具麻醉药品" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "3", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XN02ABF027V002010101389", "hilist_name": "芬太尼透皮贴剂", "cnt": 1, "pric": 98, "sumamt": 98, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 ZS2025047 违规项 "R1" 金额 98元
}

测试 "实体医院开具同一药品不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XN02ABF027V002010101389", "hilist_name": "芬太尼透皮贴剂", "cnt": 1, "pric": 98, "sumamt": 98, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 ZS2025047
}

测试 "男性用药用于女性患者" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XG04CBD247E002010101503", "hilist_name": "度他雄胺软胶囊", "cnt": 1, "pric": 5.2, "sumamt": 5.2, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000301004000 违规项 "R1" 金额 5.2元
}

测试 "男性用药用于男性患者不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XG04CBD247E002010101503", "hilist_name": "度他雄胺软胶囊", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000301004000
}

测试 "患者性别未知时性别规则不判" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "9", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XG04CBD247E002010101503", "hilist_name": "度他雄胺软胶囊", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "XG01AFA222D003010101770", "hilist_name": "奥硝唑阴道栓", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000301004000
}

测试 "女性用药用于男性患者" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XG01AFA222D003010101770", "hilist_name": "奥硝唑阴道栓", "cnt": 1, "pric": 12, "sumamt": 12, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000301004000 违规项 "R1" 金额 12元
}

测试 "限 2–11 岁：12 岁生日当天违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XA06ADF336P001010100233", "hilist_name": "复方聚乙二醇(3350)电解质散", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "2012-03-02"}]}
  期望 GZ10000101007000 违规项 "R1" 金额 10元
}

测试 "限 2–11 岁：11 岁不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XA06ADF336P001010100233", "hilist_name": "复方聚乙二醇(3350)电解质散", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "2012-03-03"}]}
  期望 不触发 GZ10000101007000
}

测试 "限 2–11 岁：1 岁低于下限违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XA06ADF336P001010100233", "hilist_name": "复方聚乙二醇(3350)电解质散", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "2023-01-01"}]}
  期望 GZ10000101007000 违规项 "R1"
}

测试 "限 3-12 岁：13 岁违规（区间含两端）" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XC02KXB144A006010103973", "hilist_name": "波生坦分散片", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "2011-03-01"}]}
  期望 GZ10000101007000 违规项 "R1"
}

测试 "限 3-12 岁：12 岁不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XC02KXB144A006010103973", "hilist_name": "波生坦分散片", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "2011-03-03"}]}
  期望 不触发 GZ10000101007000
}

测试 "限 5 至 12 岁以下：12 岁违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XJ05AXM176X006010181735", "hilist_name": "玛巴洛沙韦干混悬剂", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "2012-01-01"}]}
  期望 GZ10000101007000 违规项 "R1"
}

测试 "限 6-17 岁：17 岁不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XN06BAK062A010010180923", "hilist_name": "盐酸可乐定缓释片", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "2006-06-01"}]}
  期望 不触发 GZ10000101007000
}

测试 "限 3 岁及 3 岁以上：2 岁违规、上限仍为 18 岁" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XL01EEQ180E001010178241", "hilist_name": "硫酸氢司美替尼胶囊", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "2022-06-01"}]}
  期望 GZ10000101007000 违规项 "R1"
}

测试 "限 3 岁及 3 岁以上：16 岁不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XL01EEQ180E001010178241", "hilist_name": "硫酸氢司美替尼胶囊", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "2008-01-01"}]}
  期望 不触发 GZ10000101007000
}

测试 "限二级及以上：机构等级代码未登记时为未知，不判" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "99", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "ZA05CAC0029010102312", "hilist_name": "参附注射液", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00", "rxno": "X1"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101012000
}

测试 "限生育保险药品：职工医保的生育住院（52）不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "52", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "XG02ADD082D003010179504", "hilist_name": "地诺前列酮栓", "cnt": 1, "pric": 200, "sumamt": 200, "fee_ocur_time": "2024-03-02 10:00:00", "rxno": "X1"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101002000
}

测试 "限生育保险药品：职工医保普通住院仍违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "XG02ADD082D003010179504", "hilist_name": "地诺前列酮栓", "cnt": 1, "pric": 200, "sumamt": 200, "fee_ocur_time": "2024-03-02 10:00:00", "rxno": "X1"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000101002000 违规项 "R1" 金额 200元
}

测试 "单方不予支付：没有处方号时同日饮片归为一张处方，有其他饮片则不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "T000700200", "hilist_name": "丁香", "cnt": 10, "pric": 0.8, "sumamt": 8.0, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "102"}, {"rx_id": "R2", "hilist_code": "T009999999", "hilist_name": "本院自制饮片", "cnt": 5, "pric": 1, "sumamt": 5, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "102"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101004000
}

测试 "单方不予支付：没有处方号、同日只有单方饮片时违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "T000700200", "hilist_name": "丁香", "cnt": 10, "pric": 0.8, "sumamt": 8.0, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "102"}, {"rx_id": "R2", "hilist_code": "T009999999", "hilist_name": "本院自制饮片", "cnt": 5, "pric": 1, "sumamt": 5, "fee_ocur_time": "2024-03-03 10:00:00", "hilist_type": "102"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000101004000 违规项 "R1" 金额 8元
}

测试 "限适应症：1 型糖尿病用 2 型糖尿病的药违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [{"dise_id": "DE10.900", "dise_codg": "E10.900", "dise_name": "1型糖尿病"}], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "XA10BJA085B002010106474", "hilist_name": "艾塞那肽注射液", "cnt": 1, "pric": 300, "sumamt": 300, "fee_ocur_time": "2024-03-02 10:00:00", "rxno": "X1"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000101008000 违规项 "R1" 金额 300元
}

测试 "限适应症：没有任何诊断编码时不判" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "XA10BJA085B002010106474", "hilist_name": "艾塞那肽注射液", "cnt": 1, "pric": 300, "sumamt": 300, "fee_ocur_time": "2024-03-02 10:00:00", "rxno": "X1"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000101008000
}

测试 "限适应症：出院主诊断编码相符即不判" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "brdy": "1979-06-01", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [{"dise_id": "DI10.x00x002", "dise_codg": "I10.x00x002", "dise_name": "高血压"}], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "XA10BJA085B002010106474", "hilist_name": "艾塞那肽注射液", "cnt": 1, "pric": 300, "sumamt": 300, "fee_ocur_time": "2024-03-02 10:00:00", "rxno": "X1"}], "fsi_operation_dtos": [], "dscg_main_dise_codg": "E11.900", "dscg_main_dise_name": "2型糖尿病"}]}]}
  期望 不触发 GZ10000101008000
}
