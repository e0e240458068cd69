import assert from "node:assert/strict";
import { it } from "node:test";
import { elements, read, readPath } from "../../../policy/read";
import { UNKNOWN, policyView } from "../../support/policy-view";

it("read() tells known values from the ones the engine does not know yet", () => {
  const props = policyView({ a: 1, b: UNKNOWN, c: { d: UNKNOWN } });
  assert.deepEqual(read(props, "a"), { known: true, value: 1 });
  assert.deepEqual(read(props, "b"), { known: false });
  assert.deepEqual(read(props, "missing"), { known: true, value: undefined });
  assert.deepEqual(readPath(props, ["c", "d"]), { known: false });
  assert.deepEqual(readPath(props, ["b", "x"]), { known: false });
  assert.deepEqual(read(undefined, "a"), { known: true, value: undefined });
});

it("read() lets any other error through", () => {
  const trap = Object.defineProperty({}, "x", {
    get() {
      throw new TypeError("not an unknown");
    },
  });
  assert.throws(() => read(trap, "x"), /not an unknown/);
});

it("elements() reads each element on its own, so one unknown hides only itself", () => {
  const props = policyView({ list: [UNKNOWN, "b", { c: UNKNOWN }] });
  const list = read(props, "list");
  assert.ok(list.known);
  const [first, second, third] = elements(list.value);
  assert.deepEqual([first, second], [{ known: false }, { known: true, value: "b" }]);
  assert.ok(third.known);
  assert.deepEqual(read(third.value, "c"), { known: false });
  assert.deepEqual(elements("not a list"), []);
});
