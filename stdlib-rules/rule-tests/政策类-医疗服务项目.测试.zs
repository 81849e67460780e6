// 标准规则的测试（由样例知识库运行：zhishen test stdlib-rules --kb stdlib-rules/sample-kb）。
// 每条规则：触发（违规项与金额）、最接近的合法理赔不触发、边界。

测试 "重复收费：同日收取急诊监护费与急诊诊查费" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "13", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001103000010000", "hilist_name": "急诊监护费", "cnt": 8, "pric": 11, "sumamt": 88, "fee_ocur_time": "2024-03-02 08:30:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "001102000030000", "hilist_name": "急诊诊查费", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-02 08:20:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000102012000 违规项 "R2" 金额 30元 涉及项 "R1"
}

测试 "重复收费：不同日不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "13", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001103000010000", "hilist_name": "急诊监护费", "cnt": 8, "pric": 11, "sumamt": 88, "fee_ocur_time": "2024-03-02 08:30:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "001102000030000", "hilist_name": "急诊诊查费", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-03 08:20:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000102012000
}

测试 "重复收费：B 项目已退费，冲销后不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "13", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001103000010000", "hilist_name": "急诊监护费", "cnt": 8, "pric": 11, "sumamt": 88, "fee_ocur_time": "2024-03-02 08:30:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "001102000030000", "hilist_name": "急诊诊查费", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-02 08:20:00", "feedetl_sn": "F2"}, {"rx_id": "R3", "rxno": "X1", "hilist_code": "001102000030000", "hilist_name": "急诊诊查费", "cnt": -1, "pric": 30, "sumamt": -30, "fee_ocur_time": "2024-03-02 12:00:00", "init_feedetl_sn": "F2"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000102012000
}

测试 "重复收费：既往医嘱（curr_drord_flag=0）不作为违规项" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "13", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001103000010000", "hilist_name": "急诊监护费", "cnt": 8, "pric": 11, "sumamt": 88, "fee_ocur_time": "2024-03-02 08:30:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "001102000030000", "hilist_name": "急诊诊查费", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-02 08:20:00", "curr_drord_flag": "0"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000102012000
}

测试 "限定频次（日）：一天计 3 次，超出 2 次" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-02", "dscg_date": "2024-03-02", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 3, "pric": 10, "sumamt": 30, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000102014000 违规项 "R1" 金额 20元
}

测试 "限定频次（日）：同日两条各 1 次，后一条违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-02", "dscg_date": "2024-03-02", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 08:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 20:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000102014000 违规项 "R2" 金额 10元 涉及项 "R1"
}

测试 "限定频次（日）：每天 1 次不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 08:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-03 08:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000102014000
}

测试 "限定频次（小时）：一天计 26 小时，超出 2 小时" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-02", "dscg_date": "2024-03-02", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "003101000050000", "hilist_name": "脑电图录象监测", "cnt": 26, "pric": 5, "sumamt": 130, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000102014000 违规项 "R1" 金额 10元
}

测试 "限定频次：地区把按日上限设为 2" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-02", "dscg_date": "2024-03-02", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 3, "pric": 10, "sumamt": 30, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  设定 按日上限 = 2次
  期望 GZ10000102014000 违规项 "R1" 金额 10元
}

测试 "超限定单价：二级医院单价高于二级限价" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 2, "pric": 15, "sumamt": 30, "fee_ocur_time": "2024-03-02 10:00:00", "lv1_hosp_item_pric": 10, "lv2_hosp_item_pric": 12, "lv3_hosp_item_pric": 16}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000102001000 违规项 "R1" 金额 6元
}

测试 "超限定单价：三级医院按三级限价不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "02", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 2, "pric": 15, "sumamt": 30, "fee_ocur_time": "2024-03-02 10:00:00", "lv1_hosp_item_pric": 10, "lv2_hosp_item_pric": 12, "lv3_hosp_item_pric": 16}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000102001000
}

测试 "手术折价：同组第二台手术按全价收费" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "003310010140000", "hilist_name": "食管癌根治+结肠代食管术", "cnt": 1, "pric": 5000, "sumamt": 5000, "fee_ocur_time": "2024-03-03 09:00:00", "lv2_hosp_item_pric": 5000}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "003310010160000", "hilist_name": "食管胃吻合口狭窄切开成形术", "cnt": 1, "pric": 3000, "sumamt": 3000, "fee_ocur_time": "2024-03-03 11:00:00", "lv2_hosp_item_pric": 3000}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000102002000 违规项 "R2" 金额 1500元 涉及项 "R1"
  期望 GZ10000102002000 次数 1
}

测试 "手术折价：第二台已按 50% 收费不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "003310010140000", "hilist_name": "食管癌根治+结肠代食管术", "cnt": 1, "pric": 5000, "sumamt": 5000, "fee_ocur_time": "2024-03-03 09:00:00", "lv2_hosp_item_pric": 5000}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "003310010160000", "hilist_name": "食管胃吻合口狭窄切开成形术", "cnt": 1, "pric": 1500, "sumamt": 1500, "fee_ocur_time": "2024-03-03 11:00:00", "lv2_hosp_item_pric": 3000}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000102002000
}

测试 "医疗服务项目区分性别：男性检查用于女性" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "002101030280000", "hilist_name": "阴茎海绵体造影", "cnt": 1, "pric": 260, "sumamt": 260, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000302004000 违规项 "R1" 金额 260元
}

测试 "限就业年龄：70 岁患者" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "003402000320000", "hilist_name": "职业功能训练", "cnt": 1, "pric": 40, "sumamt": 40, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1954-01-01"}]}
  期望 ZS2025029 违规项 "R1" 金额 40元
}

测试 "限就业年龄：40 岁患者不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "003402000320000", "hilist_name": "职业功能训练", "cnt": 1, "pric": 40, "sumamt": 40, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1984-01-01"}]}
  期望 不触发 ZS2025029
}

测试 "限就业年龄：满 60 周岁当天违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "003402000320000", "hilist_name": "职业功能训练", "cnt": 1, "pric": 40, "sumamt": 40, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1964-03-02"}]}
  期望 ZS2025029 违规项 "R1"
}

测试 "周期超频次：糖化血红蛋白 30 天内再测" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-02-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "H1", "rxno": "X1", "hilist_code": "002503020030000", "hilist_name": "糖化血红蛋白测定", "cnt": 1, "pric": 60, "sumamt": 60, "fee_ocur_time": "2024-02-01 09:00:00"}], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "002503020030000", "hilist_name": "糖化血红蛋白测定", "cnt": 1, "pric": 60, "sumamt": 60, "fee_ocur_time": "2024-03-02 09:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 ZS2025031 违规项 "R1" 金额 60元 涉及项 "H1"
}

测试 "周期超频次：间隔 3 个月不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2023-12-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "H1", "rxno": "X1", "hilist_code": "002503020030000", "hilist_name": "糖化血红蛋白测定", "cnt": 1, "pric": 60, "sumamt": 60, "fee_ocur_time": "2023-12-01 09:00:00"}], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "002503020030000", "hilist_name": "糖化血红蛋白测定", "cnt": 1, "pric": 60, "sumamt": 60, "fee_ocur_time": "2024-03-02 09:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 ZS2025031
}

测试 "医疗服务项目限支付疗程：训练第 31 天违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-04-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-01 09:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-02 09:00:00"}, {"rx_id": "R3", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-03 09:00:00"}, {"rx_id": "R4", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-04 09:00:00"}, {"rx_id": "R5", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-05 09:00:00"}, {"rx_id": "R6", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-06 09:00:00"}, {"rx_id": "R7", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-07 09:00:00"}, {"rx_id": "R8", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-08 09:00:00"}, {"rx_id": "R9", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-09 09:00:00"}, {"rx_id": "R10", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-10 09:00:00"}, {"rx_id": "R11", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-11 09:00:00"}, {"rx_id": "R12", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-12 09:00:00"}, {"rx_id": "R13", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-13 09:00:00"}, {"rx_id": "R14", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-14 09:00:00"}, {"rx_id": "R15", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-15 09:00:00"}, {"rx_id": "R16", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-16 09:00:00"}, {"rx_id": "R17", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-17 09:00:00"}, {"rx_id": "R18", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-18 09:00:00"}, {"rx_id": "R19", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-19 09:00:00"}, {"rx_id": "R20", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-20 09:00:00"}, {"rx_id": "R21", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-21 09:00:00"}, {"rx_id": "R22", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-22 09:00:00"}, {"rx_id": "R23", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-23 09:00:00"}, {"rx_id": "R24", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-24 09:00:00"}, {"rx_id": "R25", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-25 09:00:00"}, {"rx_id": "R26", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-26 09:00:00"}, {"rx_id": "R27", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-27 09:00:00"}, {"rx_id": "R28", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-28 09:00:00"}, {"rx_id": "R29", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-29 09:00:00"}, {"rx_id": "R30", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-30 09:00:00"}, {"rx_id": "R31", "rxno": "X1", "hilist_code": "003402000210000", "hilist_name": "减重支持系统训练", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-31 09:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000102010000 违规项 "R31" 金额 30元
  期望 GZ10000102010000 次数 1
}

测试 "医疗服务项目限支付疗程：评定总时间超过 90 天（按跨度）" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-01-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "H1", "rxno": "X1", "hilist_code": "003402000050000", "hilist_name": "手功能评定", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-01-01 09:00:00"}], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-04-15", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "003402000050000", "hilist_name": "手功能评定", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-04-15 09:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000102010000 违规项 "R1" 金额 20元 涉及项 "H1"
}

测试 "医疗服务项目限支付疗程：评定总时间 90 天以内不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-01-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "H1", "rxno": "X1", "hilist_code": "003402000050000", "hilist_name": "手功能评定", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-01-01 09:00:00"}], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-30", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "003402000050000", "hilist_name": "手功能评定", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-03-30 09:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000102010000
}

测试 "限定频次：出院日集中计 3 天诊查费，住院 3 天，不违规（集中计费）" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-04", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 3, "pric": 10, "sumamt": 30, "fee_ocur_time": "2024-03-04 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000102014000
}

测试 "限定频次：住院 3 天集中计 5 天，超出整次 2 天" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-04", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 5, "pric": 10, "sumamt": 50, "fee_ocur_time": "2024-03-04 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000102014000 违规项 "R1" 金额 20元
}

测试 "限定频次：尚未出院时按首末计费日期跨度计天数" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 10:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 2, "pric": 10, "sumamt": 20, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000102014000 违规项 "R2" 金额 10元
}

测试 "限定频次（小时）：一行计 72 小时，住院 3 天，不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-04", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "003101000050000", "hilist_name": "脑电图录象监测", "cnt": 72, "pric": 5, "sumamt": 360, "fee_ocur_time": "2024-03-04 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000102014000
}

测试 "新生儿专用项目：出生后第 27 天不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-02", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001201000070000", "hilist_name": "新生儿护理", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "2024-02-03"}]}
  期望 不触发 GZ10000302003000
}

测试 "新生儿专用项目：出生满 28 天即违规（不按 18 周岁）" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-02", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001201000070000", "hilist_name": "新生儿护理", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-03-01 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "2024-02-02"}]}
  期望 GZ10000302003000 违规项 "R1" 金额 20元
}

测试 "医疗服务项目限支付疗程“一年，每周最多支付一次”：3 天后再次训练违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "003402000350000", "hilist_name": "儿童听力障碍语言训练", "cnt": 1, "pric": 60, "sumamt": 60, "fee_ocur_time": "2024-03-01 09:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "003402000350000", "hilist_name": "儿童听力障碍语言训练", "cnt": 1, "pric": 60, "sumamt": 60, "fee_ocur_time": "2024-03-04 09:00:00"}], "fsi_operation_dtos": []}], "brdy": "2019-05-01"}]}
  期望 GZ10000102010000 违规项 "R2" 金额 60元 涉及项 "R1"
  期望 GZ10000102010000 次数 1
}

测试 "医疗服务项目限支付疗程“每周最多支付一次”：间隔 7 天不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "003402000350000", "hilist_name": "儿童听力障碍语言训练", "cnt": 1, "pric": 60, "sumamt": 60, "fee_ocur_time": "2024-03-01 09:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "003402000350000", "hilist_name": "儿童听力障碍语言训练", "cnt": 1, "pric": 60, "sumamt": 60, "fee_ocur_time": "2024-03-08 09:00:00"}, {"rx_id": "R3", "rxno": "X1", "hilist_code": "003402000350000", "hilist_name": "儿童听力障碍语言训练", "cnt": 1, "pric": 60, "sumamt": 60, "fee_ocur_time": "2024-03-15 09:00:00"}], "fsi_operation_dtos": []}], "brdy": "2019-05-01"}]}
  期望 不触发 GZ10000102010000
}
