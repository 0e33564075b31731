/** The middle value (the upper one of an even count): a figure one stray pause cannot move. */
export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
