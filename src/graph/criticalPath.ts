/**
 * Longest remaining path from each node to the end of the graph, counting the node itself.
 * The scheduler starts the ready task with the longest remaining path first when workers are
 * scarce, which keeps the makespan near max(critical path, total work / workers).
 */
export function remainingPathLengths(
  dependents: ReadonlyMap<string, readonly string[]>,
  weight: (node: string) => number,
): Map<string, number> {
  const lengths = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (root: string) => {
    // Iterative post-order: chains of thousands of tasks must not overflow the stack.
    const stack: Array<{ node: string; expanded: boolean }> = [{ node: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (lengths.has(top.node)) {
        stack.pop();
        continue;
      }
      const next = dependents.get(top.node) ?? [];
      if (!top.expanded) {
        top.expanded = true;
        visiting.add(top.node);
        for (const child of next)
          if (!lengths.has(child) && !visiting.has(child)) stack.push({ node: child, expanded: false });
        continue;
      }
      stack.pop();
      visiting.delete(top.node);
      let longest = 0;
      for (const child of next) longest = Math.max(longest, lengths.get(child) ?? 0);
      lengths.set(top.node, weight(top.node) + longest);
    }
  };
  for (const node of dependents.keys()) visit(node);
  return lengths;
}
