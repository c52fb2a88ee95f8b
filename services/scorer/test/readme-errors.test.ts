import { errorTable } from "@fraud/platform";
import { expect, it } from "vitest";
import { normalizeTable, readmeTable } from "../../../test/support/readme-table.js";

it("the README's error catalogue is the one errors.ts renders", () => {
  // Regenerate with: npx tsx services/scorer/src/cli/error-table.ts
  expect(readmeTable("error-table")).toEqual(normalizeTable(errorTable()));
});
