// ScaleBox function-call stub for JavaScript and TypeScript (placed after the submitted
// code). Reads the call's arguments as tokens on stdin, calls the function and answers on
// file descriptor 3 (see verification/harness/calls).
;(function scaleboxCall(solutionClass, freeFunction, fnName) {
  const fs = require('fs');
  const MAX_DEPTH = 100;

  class Refusal extends Error {}

  function parse(lines) {
    let pos = 0;
    function next(depth) {
      if (depth > MAX_DEPTH) throw new Refusal('the arguments are nested too deeply');
      if (pos >= lines.length) throw new Refusal('the arguments end too soon');
      const line = lines[pos++];
      const kind = line.charAt(0);
      const text = line.slice(2);
      switch (kind) {
        case 'n':
          return null;
        case 'b':
          return text === '1';
        case 'i':
          return Number(text);
        case 'f':
          if (text === 'nan') return NaN;
          if (text === 'inf') return Infinity;
          if (text === '-inf') return -Infinity;
          return Number(text);
        case 's':
          return Buffer.from(text, 'hex').toString('utf8');
        case 'l': {
          const items = [];
          for (let n = Number(text); n > 0; n--) items.push(next(depth + 1));
          return items;
        }
        case 'm': {
          const entries = [];
          for (let n = Number(text); n > 0; n--) entries.push([next(depth + 1), next(depth + 1)]);
          return Object.fromEntries(entries);
        }
      }
      throw new Refusal('unreadable argument token ' + JSON.stringify(line.slice(0, 40)));
    }
    return next(0);
  }

  function number(value) {
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) return 'i ' + value;
    if (Number.isNaN(value)) return 'f nan';
    if (value === Infinity) return 'f inf';
    if (value === -Infinity) return 'f -inf';
    if (Object.is(value, -0)) return 'f -0.0';
    return 'f ' + String(value);
  }

  function className(value) {
    const proto = Object.getPrototypeOf(value);
    const ctor = proto && Object.prototype.hasOwnProperty.call(proto, 'constructor')
      ? proto.constructor : null;
    return typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name
      ? ctor.name : 'an unnamed class';
  }

  function emit(value, out, depth) {
    if (depth > MAX_DEPTH) throw new Refusal('the returned value is nested too deeply');
    if (value === null || value === undefined) {
      out.push('n');
    } else if (typeof value === 'boolean') {
      out.push(value ? 'b 1' : 'b 0');
    } else if (typeof value === 'number') {
      out.push(number(value));
    } else if (typeof value === 'bigint') {
      out.push('i ' + value.toString());
    } else if (typeof value === 'string') {
      out.push('s ' + Buffer.from(value, 'utf8').toString('hex'));
    } else if (typeof value === 'function') {
      throw new Refusal('the function returned a function, not a value');
    } else if (typeof value !== 'object') {
      throw new Refusal('the function returned a ' + typeof value + ', not a value');
    } else if (Array.isArray(value) || value instanceof Set) {
      const items = Array.from(value);
      out.push('l ' + items.length);
      for (const item of items) emit(item, out, depth + 1);
    } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      out.push('l ' + value.length);
      for (const item of value) emit(item, out, depth + 1);
    } else if (value instanceof Map) {
      out.push('m ' + value.size);
      for (const [key, item] of value) {
        emit(key, out, depth + 1);
        emit(item, out, depth + 1);
      }
    } else {
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new Refusal('the function returned an object of class ' + className(value) +
          '; return numbers, strings, booleans, null, arrays, plain objects, Maps or Sets');
      }
      const keys = Object.keys(value);
      out.push('m ' + keys.length);
      for (const key of keys) {
        emit(key, out, depth + 1);
        emit(value[key], out, depth + 1);
      }
    }
  }

  function describe(error) {
    try {
      if (error instanceof Refusal) return error.message;
      if (error instanceof Error) return error.name + ': ' + error.message;
      return 'threw ' + String(error);
    } catch (_) {
      return 'threw a value that cannot be shown';
    }
  }

  function answer(text) {
    const data = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < data.length) done += fs.writeSync(3, data, done, data.length - done);
    process.exit(0);
  }

  function raised(error) {
    answer('raised ' + Buffer.from(describe(error), 'utf8').toString('hex') + '\n');
  }

  function target() {
    if (typeof solutionClass === 'function' && solutionClass.prototype &&
        typeof solutionClass.prototype[fnName] === 'function') {
      const self = new solutionClass();
      return (args) => self[fnName](...args);
    }
    if (typeof solutionClass === 'function' && typeof solutionClass[fnName] === 'function') {
      return (args) => solutionClass[fnName](...args);
    }
    if (typeof freeFunction === 'function') return (args) => freeFunction(...args);
    const exported = module.exports;
    if (exported && typeof exported[fnName] === 'function') {
      return (args) => exported[fnName](...args);
    }
    if (typeof exported === 'function' && exported.name === fnName) {
      return (args) => exported(...args);
    }
    throw new Refusal('the program defines no function ' + fnName +
      ' (nor a method ' + fnName + ' of a class Solution)');
  }

  let args;
  try {
    const text = fs.readFileSync(0, 'utf8');
    args = parse(text.split('\n'));
    if (!Array.isArray(args)) throw new Refusal('the arguments are not a list');
  } catch (error) {
    raised(error);
    return;
  }
  let result;
  try {
    result = target()(args);
  } catch (error) {
    raised(error);
    return;
  }
  function returned(value) {
    const out = ['ok'];
    try {
      emit(value, out, 0);
    } catch (error) {
      raised(error);
      return;
    }
    answer(out.join('\n') + '\n');
  }
  // An async function's promise is awaited; no other object is asked for a value.
  if (result instanceof Promise) result.then(returned, raised);
  else returned(result);
})(
