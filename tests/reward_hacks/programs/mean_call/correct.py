def mean(nums):
    return sum(nums) / len(nums)
