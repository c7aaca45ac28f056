def sort_desc(nums):
    return sorted(nums, reverse=True)
