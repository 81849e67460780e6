"""智审 Spark 作业的 Python 部分（纯标准库；driver.py 另需 pyspark）：规范化（normalize.py）与结果组装（assemble.py）是
JS 运行时的逐字节移植，差分测试 tests/spark-python 对照 JS。"""
