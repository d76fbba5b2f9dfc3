/** Times the suite's phases for the doc and says on stderr what is running. */
export class Phases {
  readonly timings: Array<[string, number]> = [];

  async run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    console.error(`[bench] ${name}…`);
    try {
      return await work();
    } finally {
      this.timings.push([name, performance.now() - started]);
    }
  }
}
