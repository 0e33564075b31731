// The one error of a report asked for wrongly (a period, a zone, a queue that is not there): the
// CLI prints it on one line with the fix and exits 2.
import { CcpulseError } from '../core/index.js';

export class ReportInputError extends CcpulseError {
  constructor(message: string, hint: string) {
    super('REPORT_INPUT', message, hint);
  }
}
