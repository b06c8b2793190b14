import { describe, expect, test } from "vitest";
import { mulberry32 } from "../../pipeline/common/random.ts";
import { fixed4 } from "./sentence-rows.ts";

describe("fixed4: a probability to four decimals by table", () => {
  test("is toFixed(4) on a million seeded probabilities, and on every value next to a tie", () => {
    const rand = mulberry32(17);
    for (let i = 0; i < 1_000_000; i++) {
      const p = i % 3 === 0 ? rand() ** 8 : rand();
      if (fixed4(p) !== p.toFixed(4)) expect(fixed4(p)).toBe(p.toFixed(4));
    }
    // Ties (k + ½)/10⁴ and their neighbours a few ulps away: where rounding the product first could
    // differ from rounding the exact value.
    for (let k = 0; k < 10_000; k++) {
      const tie = (k + 0.5) / 10_000;
      for (const p of [tie, tie * (1 + 1e-15), tie * (1 - 1e-15), tie * (1 + 2e-16), tie * (1 - 2e-16), k / 10_000]) {
        if (fixed4(p) !== p.toFixed(4)) expect([p, fixed4(p)]).toEqual([p, p.toFixed(4)]);
      }
    }
    for (const p of [0, 1, 5e-324, 1e-9, 0.99995, 0.999949999, 0.00005, 0.00015]) expect(fixed4(p)).toBe(p.toFixed(4));
  });
});
