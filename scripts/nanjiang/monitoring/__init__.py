"""防返贫动态监测: household records, the yearly 监测范围, screening rules, synthetic data.

Household data never enter the six-chapter report; everything synthetic says SYNTHETIC.
"""
