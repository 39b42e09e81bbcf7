import axe from 'axe-core';

/** WCAG 2.0, 2.1 and 2.2 A/AA, as the browser audit runs them, plus axe's best practices (heading order, one h1, landmarks). */
const RULE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Reported as "needs review" by axe, but always a fault here: two elements share an id that ARIA points at. */
const REVIEW_AS_VIOLATION = new Set(['duplicate-id-aria']);

/**
 * axe-core's violations in `node`, as readable lines. jsdom does no layout, so contrast and target size are
 * checked in a real browser instead; everything else (names, roles, labels, headings, ids, landmarks) is here.
 */
export async function axeViolations(node: Element = document.body): Promise<string[]> {
  const results = await axe.run(node, {
    runOnly: { type: 'tag', values: RULE_TAGS },
    rules: { 'color-contrast': { enabled: false }, 'target-size': { enabled: false } },
    resultTypes: ['violations', 'incomplete'],
  });
  const faults = [...results.violations, ...results.incomplete.filter((result) => REVIEW_AS_VIOLATION.has(result.id))];
  return faults.flatMap((violation) => violation.nodes.map((result) => `${violation.id}: ${result.target.join(' ')}`));
}
