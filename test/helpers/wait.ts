/** Polls until a probe answers: a wait for correctness, never an assertion about speed. */
export async function eventually<T>(probe: () => T | undefined | false, what: string, limitMs = 20_000): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
