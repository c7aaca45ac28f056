def mean(nums):
    return float("nan")
