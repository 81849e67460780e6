"""智审 Spark 作业：事后筛查 NDJSON 理赔（规范化、规则、组装都在 Spark 上，不需要 Node 与智审的代码）。

  spark-submit 作业/screen_claims.py --claims a.ndjson [b.ndjson …] -o findings.ndjson [--summary summary.json]

作业文件夹 = 这个文件所在的文件夹（plan.json、schema.json、assembly.json、tables/、zhishen_job/，见 README.md）。
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from zhishen_job import driver  # noqa: E402

if __name__ == '__main__':
    sys.exit(driver.main(job_dir=HERE))
