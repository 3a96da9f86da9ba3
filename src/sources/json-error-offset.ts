/**
 * Where a JSON text first goes wrong, as a character offset. Only called after
 * JSON.parse has failed: V8's messages do not always carry a position
 * (`Unexpected token '}', "..." is not valid JSON`), and a person needs a line.
 * A recursive-descent scan without building values; iterative over nesting so
 * a 200-levels-deep document cannot overflow the stack.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const literal = (word: string): boolean => {
    for (let k = 0; k < word.length; k++) if (text[i + k] !== word[k]) return false;
    i += word.length;
    return true;
  };
  const string = (): boolean => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        // The text ends inside an escape (`"...\` or `"...\u12`): the
        // document was cut short there, so report its end — not the
        // backslash as an unexpected character. Found by the bad-input
        // corpus (test/corpus: jmx-dwh/truncated.json).
        if (e === undefined || (e === 'u' && i + 6 > n && /^[0-9a-fA-F]*$/.test(text.slice(i + 2)))) {
          i = n;
          return false;
        }
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return false;
      } else i++;
    }
    return false;
  };
  const number = (): boolean => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  // Stack of containers: '{' expecting key, '[' expecting value.
  const stack: ('{' | '[')[] = [];
  ws();
  for (;;) {
    // Expect a value.
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      ws();
      if (text[i] === (c === '{' ? '}' : ']')) {
        i++;
      } else {
        stack.push(c);
        if (c === '{') {
          if (text[i] !== '"' || !string()) return i;
          ws();
          if (text[i] !== ':') return i;
          i++;
        }
        continue;
      }
    } else if (c === '"') {
      if (!string()) return i;
    } else if (c === 't' || c === 'f' || c === 'n') {
      if (!literal(c === 't' ? 'true' : c === 'f' ? 'false' : 'null')) return i;
    } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      if (!number()) return i;
    } else {
      return i;
    }
    // After a value: close containers or move to the next element.
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? i : n;
      const d = text[i];
      if (d === ',') {
        i++;
        if (top === '{') {
          ws();
          if (text[i] !== '"' || !string()) return i;
          ws();
          if (text[i] !== ':') return i;
          i++;
        }
        break;
      }
      if ((top === '{' && d === '}') || (top === '[' && d === ']')) {
        i++;
        stack.pop();
        continue;
      }
      return i;
    }
  }
}
