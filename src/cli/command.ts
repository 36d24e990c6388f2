/** One sub-command of usc: its one-line summary and the function that runs it with its own arguments. */
export interface Command {
  summary: string;
  /** Returns the process exit code (see exit-codes.ts); reports user mistakes itself instead of throwing. */
  run(args: string[]): Promise<number>;
}
