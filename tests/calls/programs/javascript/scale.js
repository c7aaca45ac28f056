/**
 * @param {number[]} xs
 * @param {number} k
 * @return {number[]}
 */
var scale = function (xs, k) {
  return xs.map((x) => x * k);
};
