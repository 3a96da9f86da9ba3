// A preload (`NODE_OPTIONS=--import <this file>`) that shifts the process's
// wall clock by BREAKFIX_TEST_CLOCK_SKEW_MS milliseconds: Date.now() and
// new Date() disagree with every other process on the machine, as they do
// on a host whose clock was stepped. The monotonic clock is left alone.
const skew = Number(process.env.BREAKFIX_TEST_CLOCK_SKEW_MS ?? '0');
if (Number.isFinite(skew) && skew !== 0) {
  const RealDate = Date;
  class SkewedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + skew);
      else super(...args);
    }
    static now() {
      return RealDate.now() + skew;
    }
  }
  globalThis.Date = SkewedDate;
}
