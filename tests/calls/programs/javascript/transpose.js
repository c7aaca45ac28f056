'use strict';
const transpose = (grid) => {
  console.log('transposing', JSON.stringify(grid));
  return grid[0].map((_, j) => grid.map((row) => row[j]));
};
