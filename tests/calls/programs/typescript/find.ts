interface Found {
  index: number | null;
}

function search(xs: number[], target: number): Found {
  const i = xs.indexOf(target);
  return { index: i === -1 ? null : i };
}

function find(xs: number[], target: number): number | null {
  return search(xs, target).index;
}
