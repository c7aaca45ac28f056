def mean(nums):
    raise KeyboardInterrupt
