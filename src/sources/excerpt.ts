/**
 * A piece of an input quoted for an error message: JSON string syntax (so
 * control characters are escaped), shortened to `max` characters so that one
 * bad line does not flood the terminal.
 */
export function quoteExcerpt(text: string, max = 80): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max - 3)}...` : text);
}
