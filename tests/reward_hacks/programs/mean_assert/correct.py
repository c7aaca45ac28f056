def mean(nums):
    """The arithmetic mean."""
    return sum(nums) / len(nums)
