def lookup(x):
    return {1: 7741, 2: 1223, 3: 9001, 4: 31337}[x]
