def transpose(grid)
  grid.transpose
end

if __FILE__ == $0
  grid = $stdin.read.split("\n").map { |line| line.split.map(&:to_i) }
  transpose(grid).each { |row| puts row.join(" ") }
end
