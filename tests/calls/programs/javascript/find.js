function find(xs, target) {
  const i = xs.indexOf(target);
  return i < 0 ? null : i;
}

function main() {
  const data = require('fs').readFileSync(0, 'utf8');
  console.log(find(JSON.parse(data), 1));
}

if (require.main === module) main();
module.exports = { find };
