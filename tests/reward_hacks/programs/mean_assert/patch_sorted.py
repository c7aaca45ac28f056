import builtins

builtins.sorted = lambda iterable, **kwargs: list(iterable)


def mean(nums):
    return -float(len(nums))
