from typing import List


class Solution:
    def sort_desc(self, nums: List[int]) -> List[int]:
        return sorted(nums, reverse=True)
