// 测试：内联 JSON（嵌套、负数、小数、真假空、中文冒号与逗号）、理赔文件、各种期望、设定
测试 "内联理赔" {
  理赔 {
    "syscode": "DEMO",
    "trig_scen": 8,
    "rule_ids": ["R1", "R2"],
    "patient_dtos": [{
      "patn_id": "P1", "gend": "1",
      "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "medfee_sumamt": 12.5,
        "fsi_order_dtos": [ { "rx_id": "R1", "cnt": -1, "pric": 0.000001, "ok": true, "no": false, "none": null, "list": [], "obj": {} } ] }]
    }]
  }
  期望 R1 违规项 "R1"
  期望 R1 次数 2 违规项 "R1", "R2" 金额 30元 涉及项 "R3"、"R4"
  期望 R1 金额 0.5元
  期望 R1 涉及项 "R3"
  期望 不触发 R2
  期望 无违规
  设定 上限 = 3次
}
测试 “理赔文件” {
  理赔 文件 "claims/x.json"
  期望 R1
}
test "English" {
  claim { "patient_dtos"： [] }
  expect R1 times 1 violating "a" amount 1元 related "b"
  expect not R2
  expect nothing
  set 上限 = 1次
}
测试 "空测试" {
}
