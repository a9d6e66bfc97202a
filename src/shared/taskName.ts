/**
 * Which task a name given on the command line or by the editor picks: `Class.method` by its id,
 * a bare `method` by the tasks of that name; among several, the one declared in the file run, else
 * none. The CLI's check before a run and the engine pick alike, so they refuse the same names.
 */
export function taskNamed<T extends { id: string; file: string | undefined }>(
  name: string,
  file: string,
  tasks: Iterable<T>,
): T | undefined {
  const candidates: T[] = [];
  for (const task of tasks)
    if (name.includes(".") ? task.id === name : task.id.endsWith(`.${name}`)) candidates.push(task);
  return candidates.find((task) => task.file === file) ?? (candidates.length === 1 ? candidates[0] : undefined);
}
