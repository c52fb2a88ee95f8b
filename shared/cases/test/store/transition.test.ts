import { describe, expect, it } from "vitest";
import { type CaseState, transition } from "../../src/store/case-store.js";

const at = 1;
describe("case transitions", () => {
  it("open → in review (assign or label) → resolved; a label after resolve keeps it resolved", () => {
    let s: CaseState = { status: "open" };
    s = transition(s, { kind: "label_fraud", by: "alice", at });
    expect(s).toEqual({ status: "in_review", assignee: "alice" });
    s = transition(s, { kind: "assign", by: "bob", at });
    expect(s).toEqual({ status: "in_review", assignee: "bob" });
    s = transition(s, { kind: "resolve", by: "bob", at, note: "done" });
    expect(s.status).toBe("resolved");
    expect(transition(s, { kind: "label_legit", by: "carol", at }).status).toBe("resolved");
    expect(transition(s, { kind: "reopen", by: "carol", at }).status).toBe("open");
  });
});
